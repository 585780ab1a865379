import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import type pg from 'pg';
import type { StoreOf } from '../db/pg-store.js';
import { claimDueTimer } from '../db/timers.js';
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
}

/**
 * Fires every timer due by now(), one per transaction: claim and effects commit together, so a
 * crash before commit leaves the timer armed for the next poll (after a restart too).
 */
export async function fireDueTimers(
  opts: Omit<TimerPollerOptions, 'intervalMs' | 'logger'>,
): Promise<number> {
  let fired = 0;
  for (; fired < (opts.maxPerTick ?? 500); fired++) {
    const now = opts.now();
    const done = await withTransaction(opts.pool, async (client) => {
      const timer = await claimDueTimer(client, now);
      if (!timer) return false;
      await handleTimer(opts.storeOf(client), timer, {
        policy: opts.policyOf(timer.tenantId),
        now,
      });
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
