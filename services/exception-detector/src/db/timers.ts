import type pg from 'pg';
import type { TimerSpec } from '../domain/rules/signals.js';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Arms a timer. The same deadline again is the same arming (a fired timer stays fired); a new
 * deadline re-arms it, and scheduling lifts an earlier cancellation.
 */
export async function scheduleTimer(db: Q, t: TimerSpec): Promise<void> {
  await db.query(
    `INSERT INTO timers (timer_id, tenant_id, kind, due_at, spec) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (timer_id) DO UPDATE SET
       due_at = EXCLUDED.due_at,
       spec = EXCLUDED.spec,
       cancelled_at = NULL,
       fired_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.fired_at ELSE NULL END,
       -- A new deadline is a new arming: failures of the old one do not count against it.
       attempts = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.attempts ELSE 0 END,
       retry_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.retry_at ELSE NULL END,
       dead_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.dead_at ELSE NULL END`,
    [t.timerId, t.tenantId, t.kind, t.dueAt, JSON.stringify(t)],
  );
}

/** Cancels an armed timer: the awaited event arrived. A fired timer is history and stays. */
export async function cancelTimer(db: Q, timerId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE timers SET cancelled_at = $2 WHERE timer_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
    [timerId, at],
  );
}

/**
 * Claims the earliest due timer: marks it fired in the caller's transaction, so the claim and
 * its effects commit together (fire once) or roll back together (fire again after a crash).
 * SKIP LOCKED lets two pollers share the table without firing one timer twice.
 */
export async function claimDueTimer(db: Q, now: Date): Promise<TimerSpec | undefined> {
  const { rows } = await db.query<{ spec: TimerSpec }>(
    `UPDATE timers SET fired_at = $1
     WHERE timer_id = (
       SELECT timer_id FROM timers
       WHERE fired_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL AND due_at <= $1
         AND (retry_at IS NULL OR retry_at <= $1)
       ORDER BY due_at, timer_id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING spec`,
    [now],
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
