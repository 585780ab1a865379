import type { Silence } from '../domain/silence.js';
import type { Queryable } from './queryable.js';

/**
 * Sets each shipment's pending silence. A timer whose silence is unchanged keeps its fired_at
 * (fired once); a new silence (a newer scan) re-arms it; null cancels it.
 */
export async function setTimers(
  client: Queryable,
  timers: readonly { shipmentId: string; silence: Silence | null }[],
): Promise<void> {
  const armed = timers.filter((t) => t.silence !== null);
  const cancelled = timers.filter((t) => t.silence === null).map((t) => t.shipmentId);
  if (cancelled.length > 0) {
    await client.query(`DELETE FROM no_scan_timers WHERE shipment_id = ANY($1::text[])`, [
      cancelled,
    ]);
  }
  if (armed.length === 0) return;
  await client.query(
    `INSERT INTO no_scan_timers (shipment_id, silent_since, due_at, threshold_hours)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[])
     ON CONFLICT (shipment_id) DO UPDATE SET
       silent_since = EXCLUDED.silent_since, due_at = EXCLUDED.due_at,
       threshold_hours = EXCLUDED.threshold_hours,
       fired_at = CASE WHEN no_scan_timers.silent_since = EXCLUDED.silent_since
                       THEN no_scan_timers.fired_at END`,
    [
      armed.map((t) => t.shipmentId),
      armed.map((t) => t.silence!.silentSince),
      armed.map((t) => t.silence!.dueAt),
      armed.map((t) => t.silence!.thresholdHours),
    ],
  );
}

/**
 * Claims unfired timers due by `cutoff` (the clock held back by the watermark); rows locked by a
 * consumer transaction are left for next time.
 */
export async function claimDueTimers(
  client: Queryable,
  cutoff: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await client.query<{ shipment_id: string }>(
    `SELECT shipment_id FROM no_scan_timers
     WHERE fired_at IS NULL AND due_at <= $1
     ORDER BY due_at, shipment_id LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  return rows.map((r) => r.shipment_id);
}

export async function markFired(
  client: Queryable,
  shipmentIds: readonly string[],
  now: Date,
): Promise<void> {
  if (shipmentIds.length === 0) return;
  await client.query(
    `UPDATE no_scan_timers SET fired_at = $2 WHERE shipment_id = ANY($1::text[])`,
    [shipmentIds, now],
  );
}
