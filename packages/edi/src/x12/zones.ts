/**
 * Offsets of IANA zones through Intl (the only zone database Node has), for times that come
 * without one: X12 local time (LT), a partner's configured zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset (minutes east of UTC) of an IANA zone at an instant. */
export function zoneOffsetAt(zone: string, utcMs: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((p) => p.type === type)?.value ?? '0');
  const parts = f.formatToParts(new Date(utcMs));
  const asUtc = Date.UTC(
    part(parts, 'year'),
    part(parts, 'month') - 1,
    part(parts, 'day'),
    part(parts, 'hour'),
    part(parts, 'minute'),
    part(parts, 'second'),
  );
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The offset of a wall-clock time in an IANA zone (the later reading in a fall-back hour). */
export function localOffset(zone: string, wallClockAsUtcMs: number): number {
  const first = zoneOffsetAt(zone, wallClockAsUtcMs);
  return zoneOffsetAt(zone, wallClockAsUtcMs - first * 60_000);
}
