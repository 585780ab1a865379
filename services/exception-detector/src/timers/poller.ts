import { withTransaction } from '@forewarn/db';
import { backoffCeiling, type BackoffOptions } from '@forewarn/kafka';
import type { Logger } from '@forewarn/observability';
import type pg from 'pg';
import type { StoreOf } from '../db/pg-store.js';
import { claimDueTimer, recordTimerFailure } from '../db/timers.js';
import type { TenantPolicy } from '../domain/policy.js';
import { handleTimer } from '../workflow/engine.js';
import { runEvery } from './run-every.js';

export interface TimerPollerOptions {
  pool: pg.Pool;
  storeOf: StoreOf;
  now: () => Date;
  policyOf: (tenantId: string) => TenantPolicy;
  logger: Logger;
  intervalMs: number;
  /** Timers fired per tick at most, so one tick never holds the loop for long. */
  maxPerTick?: number;
  /** A timer whose effects keep failing: attempts before it is dead, and the wait between. */
  retry?: { maxAttempts: number; backoff: BackoffOptions };
}

export const DEFAULT_TIMER_RETRY = {
  maxAttempts: 5,
  backoff: { initialMs: 5_000, maxMs: 15 * 60_000, factor: 2 },
};

/**
 * Fires every timer due by now(), one per transaction: claim and effects commit together, so a
 * crash before commit leaves the timer armed for the next poll (after a restart too). Effects
 * that throw are rolled back to a savepoint and the failure is recorded in the same
 * transaction: the timer is retried later, then parked as dead, and never blocks the timers
 * due after it.
 */
export async function fireDueTimers(opts: Omit<TimerPollerOptions, 'intervalMs'>): Promise<number> {
  const retry = opts.retry ?? DEFAULT_TIMER_RETRY;
  let fired = 0;
  for (; fired < (opts.maxPerTick ?? 500); fired++) {
    const now = opts.now();
    const done = await withTransaction(opts.pool, async (client) => {
      const timer = await claimDueTimer(client, now);
      if (!timer) return false;
      await client.query('SAVEPOINT timer_effects');
      try {
        await handleTimer(opts.storeOf(client), timer, {
          policy: opts.policyOf(timer.tenantId),
          now,
        });
        await client.query('RELEASE SAVEPOINT timer_effects');
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT timer_effects');
        const outcome = await recordTimerFailure(
          client,
          timer.timerId,
          err instanceof Error ? `${err.name}: ${err.message}` : String(err),
          now,
          (attempt) => new Date(now.getTime() + backoffCeiling(attempt, retry.backoff)),
          retry.maxAttempts,
        );
        const log = { err, timerId: timer.timerId, ...outcome };
        if (outcome.dead) opts.logger.error(log, 'timer failed for good; parked as dead');
        else opts.logger.warn(log, 'timer effects failed; retrying later');
      }
      return true;
    });
    if (!done) break;
  }
  return fired;
}

export function startTimerPoller(opts: TimerPollerOptions): { stop(): Promise<void> } {
  return runEvery(
    opts.intervalMs,
    async () => {
      const n = await fireDueTimers(opts);
      if (n > 0) opts.logger.debug({ fired: n }, 'timers fired');
    },
    opts.logger,
    'timer poll',
  );
}
