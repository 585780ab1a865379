import { DateTime, IANAZone } from 'luxon';

/**
 * The one place edi reads a wall-clock time in an IANA zone (X12 local time, a partner's or a
 * webhook source's configured zone). Luxon owns the zone arithmetic; this module only fixes the
 * two choices luxon leaves open so every caller reads the same wall time the same way.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The zone's offset (minutes east of UTC) for a wall-clock time there. A time repeated by a
 * fall-back takes its first occurrence (the offset before the change); a time skipped by a
 * spring-forward takes the offset after the change; both as Temporal's default
 * ('compatible') disambiguation does. Luxon's own pick for a repeated time depends on the date
 * the process started, hence the explicit choice.
 */
export function wallClockOffset(zone: string, wall: WallClock): number {
  const dt = DateTime.fromObject(wall, { zone });
  if (!dt.isValid) throw new Error(`not a wall-clock time in a known zone: ${zone}`);
  const [first] = dt.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  return first!.offset;
}

/** The zone's offset (minutes east of UTC) at an instant (epoch ms). */
export function offsetAt(zone: string, epochMs: number): number {
  const dt = DateTime.fromMillis(epochMs, { zone });
  if (!dt.isValid) throw new Error(`not a known zone: ${zone}`);
  return dt.offset;
}
