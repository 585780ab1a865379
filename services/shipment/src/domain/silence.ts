import { silenceThresholdHours, type SilencePolicy } from '@forewarn/domain';
import { ms, type ShipmentState, type ShipmentStatus } from './types.js';

// The thresholds and their defaults are the one definition of stalled in @forewarn/domain; this
// service owns the judgement and reports each silence as shipment.no-scan-yet.
export { DEFAULT_SILENCE_POLICY, type SilencePolicy } from '@forewarn/domain';

const HOUR_MS = 3_600_000;

/** A stretch without scans that started at silentSince and is (or was) due at dueAt. */
export interface Silence {
  silentSince: string;
  dueAt: string;
  thresholdHours: number;
  /** Status while silent, and the scan that started the silence (null: never scanned). */
  status: ShipmentStatus;
  lastScanAt: string | null;
}

/** Statuses in which no further scan is expected, so silence means nothing. */
const AT_REST: ReadonlySet<ShipmentStatus | null> = new Set([
  'delivered',
  'available_for_pickup',
  null,
]);

const iso = (t: number) => new Date(t).toISOString();


/**
 * The open silence: the timer that should be pending now (since the ship-confirm or the newest
 * scan, whichever is later), or null when the shipment is unknown or at rest.
 */
export function openSilence(s: ShipmentState, policy: SilencePolicy): Silence | null {
  if (!s.header || AT_REST.has(s.status)) return null;
  const hours = silenceThresholdHours(s.header.international, policy);
  const shipped = ms(s.header.shippedAt);
  const scanned = s.lastScanAt === null ? null : ms(s.lastScanAt);
  const since = scanned !== null && scanned > shipped ? scanned : shipped;
  return {
    silentSince: iso(since),
    dueAt: iso(since + hours * HOUR_MS),
    thresholdHours: hours,
    status: s.status ?? 'confirmed',
    lastScanAt: since === scanned ? iso(scanned) : null,
  };
}

/**
 * Silences the event history itself proves: two consecutive activity points (ship-confirm,
 * scans) at least the threshold apart, and due by `now`. A replay finds them, which keeps the
 * no-scan events of a replay the same as those the live timer fired. The clock gate matters
 * when scans arrive out of order: a newer scan first makes a gap that the older one fills a
 * moment later; a gap not yet due by the clock is one the live timer could not have fired
 * for, so announcing it would depend on how the scans happened to be batched.
 */
export function closedSilences(s: ShipmentState, policy: SilencePolicy, now: Date): Silence[] {
  if (!s.header) return [];
  const hours = silenceThresholdHours(s.header.international, policy);
  const shipped = ms(s.header.shippedAt);
  const points: { at: number; status: ShipmentStatus; scan: boolean }[] = [
    { at: shipped, status: 'confirmed', scan: false },
    ...s.scans
      .filter((scan) => ms(scan.scannedAt) > shipped)
      .map((scan) => ({
        at: ms(scan.scannedAt),
        status: scan.status as ShipmentStatus,
        scan: true,
      }))
      .sort((a, b) => a.at - b.at),
  ];
  const out: Silence[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    if (from.status === 'delivered') break;
    if (AT_REST.has(from.status)) continue;
    const dueAt = from.at + hours * HOUR_MS;
    if (points[i]!.at >= dueAt && dueAt <= now.getTime()) {
      out.push({
        silentSince: iso(from.at),
        dueAt: iso(dueAt),
        thresholdHours: hours,
        status: from.status,
        lastScanAt: from.scan ? iso(from.at) : null,
      });
    }
  }
  return out;
}

/** Whether a pending timer has come due at `now`. */
export function isDue(dueAt: string, now: Date): boolean {
  return ms(dueAt) <= now.getTime();
}
