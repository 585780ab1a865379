import type pg from 'pg';
import type { Cancel, TimerSpec } from '../domain/rules/signals.js';

type Q = Pick<pg.ClientBase, 'query'>;

export type TimerCancel = Pick<Cancel, 'timerId' | 'asOf' | 'forget'> & { at: Date };

/**
 * Two cancels of a timer in a row as one, when that is exact: a forget deletes an unfired row
 * whatever a cancel did to it before or does after; two cancels at the same instant cancel if
 * either would, i.e. as the one with the earlier `asOf` (none counting as earliest).
 */
export function mergeCancels<C extends TimerCancel>(a: C, b: C): C | null {
  if (a.forget || b.forget) return { ...b, forget: true };
  if (a.at.getTime() !== b.at.getTime()) return null;
  if (a.asOf === undefined || b.asOf === undefined) {
    const { asOf, ...rest } = b;
    void asOf;
    return rest as C;
  }
  return Date.parse(a.asOf) <= Date.parse(b.asOf) ? { ...b, asOf: a.asOf } : b;
}

/**
 * Arming a timer row again: the same deadline is the same arming (a fired timer stays fired); a
 * new deadline re-arms it, and scheduling lifts an earlier cancellation.
 */
export const TIMER_REARM = `
       due_at = EXCLUDED.due_at,
       spec = EXCLUDED.spec,
       -- Only a new deadline, or scheduling again after a cancellation, is a new arming.
       armed_at = CASE WHEN timers.due_at = EXCLUDED.due_at AND timers.cancelled_at IS NULL
                       THEN timers.armed_at ELSE now() END,
       cancelled_at = NULL,
       fired_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.fired_at ELSE NULL END,
       -- A new deadline is a new arming: failures of the old one do not count against it.
       attempts = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.attempts ELSE 0 END,
       retry_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.retry_at ELSE NULL END,
       dead_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.dead_at ELSE NULL END`;

/** Arms timers with distinct ids (see TIMER_REARM). */
export async function scheduleTimers(db: Q, timers: readonly TimerSpec[]): Promise<void> {
  if (timers.length === 0) return;
  await db.query(
    `INSERT INTO timers (timer_id, kind, due_at, spec)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[])
       ON CONFLICT (timer_id) DO UPDATE SET ${TIMER_REARM}`,
    [
      timers.map((t) => t.timerId),
      timers.map((t) => t.kind),
      timers.map((t) => t.dueAt),
      timers.map((t) => JSON.stringify(t)),
    ],
  );
}

/**
 * Cancels distinct timers: the awaited event arrived. A fired timer is history and stays; so does
 * one due before `asOf` (the deadline passed before the event happened). `forget` deletes it.
 */
export async function cancelTimers(db: Q, cancels: readonly TimerCancel[]): Promise<void> {
  const forget = cancels.filter((c) => c.forget);
  const keep = cancels.filter((c) => !c.forget);
  if (forget.length > 0)
    await db.query(`DELETE FROM timers WHERE timer_id = ANY($1) AND fired_at IS NULL`, [
      forget.map((c) => c.timerId),
    ]);
  if (keep.length > 0)
    await db.query(
      `UPDATE timers SET cancelled_at = c.at
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS c(timer_id, at, as_of)
         WHERE timers.timer_id = c.timer_id AND timers.fired_at IS NULL AND timers.cancelled_at IS NULL
           AND (c.as_of IS NULL OR timers.due_at >= c.as_of)`,
      [keep.map((c) => c.timerId), keep.map((c) => c.at), keep.map((c) => c.asOf ?? null)],
    );
}

export async function timersOf(
  db: Q,
  kind: string,
  subject: { kind: string; id: string },
  from: Date,
): Promise<(TimerSpec & { fired: boolean })[]> {
  const { rows } = await db.query<{ spec: TimerSpec; fired: boolean }>(
    `SELECT spec, fired_at IS NOT NULL AS fired FROM timers
     WHERE kind = $1 AND spec -> 'subject' = $2::jsonb AND due_at >= $3
       AND cancelled_at IS NULL AND dead_at IS NULL
     ORDER BY due_at, timer_id`,
    [kind, JSON.stringify({ kind: subject.kind, id: subject.id }), from],
  );
  return rows.map((r) => ({ ...r.spec, fired: r.fired }));
}

/**
 * The earliest timer due (absence timers after their grace), read without locking it. A feed in
 * `feedCutoffs` has its silences, and the stalls of the shipments it scans, judged up to its
 * own, earlier cutoff (feed-rules silenceCutoff). A missed ship date waits for every WMS and ERP
 * feed's cutoff: the ship-confirm (WMS) or cancellation (ERP) that ends it may be in the doors,
 * and the order does not say which instance of them will send it.
 */
export async function nextDueTimer(
  db: Q,
  now: Date,
  absenceCutoff: Date = now,
  feedCutoffs: ReadonlyMap<string, Date> = new Map(),
  armedGraceMs = 0,
): Promise<TimerSpec | undefined> {
  // SLA clocks fire at their due time; absence timers only once their deadline is before the
  // cutoff (the grace for lag upstream, and the source watermark) and they were armed at least
  // `armedGraceMs` of wall time ago: one armed already overdue must not outrun the facts in
  // flight beside the event that armed it (a ship-confirm on the WMS feed behind a backfilled
  // order), which neither the deadline's grace nor the watermark can hold for it.
  const { rows } = await db.query<{ spec: TimerSpec }>(
    `SELECT spec FROM timers
     WHERE fired_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL
       AND due_at <= CASE WHEN kind IN ('sla_warning', 'sla_breach') THEN $1::timestamptz
                          ELSE $2::timestamptz END
       AND (kind IN ('sla_warning', 'sla_breach')
            OR armed_at <= clock_timestamp() - make_interval(secs => $5::float8 / 1000))
       AND (retry_at IS NULL OR retry_at <= $1)
       AND NOT EXISTS (
         SELECT 1 FROM unnest($3::text[], $4::timestamptz[]) AS f(source, cutoff)
         WHERE timers.due_at > f.cutoff
           AND ((kind = 'feed_stalled' AND f.source = timers.spec -> 'subject' ->> 'id')
             OR (kind = 'stalled_shipment' AND f.source = timers.spec -> 'detail' ->> 'feed')
             OR (kind = 'late_shipment' AND split_part(f.source, ':', 1) IN ('wms', 'erp'))))
     ORDER BY due_at, timer_id LIMIT 1`,
    [now, absenceCutoff, [...feedCutoffs.keys()], [...feedCutoffs.values()], armedGraceMs],
  );
  return rows[0]?.spec;
}

/**
 * Claims a timer: marks it fired in the caller's transaction, so the claim and its effects
 * commit together (fire once) or roll back together (fire again after a crash). Undefined when
 * another poller fired it first.
 */
export async function claimTimer(
  db: Q,
  timerId: string,
  now: Date,
): Promise<TimerSpec | undefined> {
  const { rows } = await db.query<{ spec: TimerSpec }>(
    `UPDATE timers SET fired_at = $2
     WHERE timer_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL
     RETURNING spec`,
    [timerId, now],
  );
  return rows[0]?.spec;
}

/**
 * The timer's effects failed (rolled back to before them): un-fire it and retry at `retryAt`,
 * or park it as dead once it has used `maxAttempts`. Returns whether it is dead.
 */
export async function recordTimerFailure(
  db: Q,
  timerId: string,
  error: string,
  now: Date,
  retryAt: (attempt: number) => Date,
  maxAttempts: number,
): Promise<{ attempts: number; dead: boolean }> {
  const { rows } = await db.query<{ attempts: number }>(
    'SELECT attempts + 1 AS attempts FROM timers WHERE timer_id = $1',
    [timerId],
  );
  const attempts = rows[0]?.attempts ?? 1;
  const dead = attempts >= maxAttempts;
  await db.query(
    `UPDATE timers SET fired_at = NULL, attempts = $2, last_error = $3, retry_at = $4, dead_at = $5
     WHERE timer_id = $1`,
    [timerId, attempts, error.slice(0, 2000), dead ? null : retryAt(attempts), dead ? now : null],
  );
  return { attempts, dead };
}
