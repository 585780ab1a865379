import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import type pg from 'pg';
import { pgStore } from '../db/pg-store.js';
import { claimDueTimer } from '../db/timers.js';
import type { TenantPolicy } from '../domain/policy.js';
import { handleTimer } from '../workflow/engine.js';

export interface TimerPollerOptions {
  pool: pg.Pool;
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
      await handleTimer(pgStore(client), timer, { policy: opts.policyOf(timer.tenantId), now });
      return true;
    });
    if (!done) break;
  }
  return fired;
}

export function startTimerPoller(opts: TimerPollerOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const n = await fireDueTimers(opts);
      if (n > 0) opts.logger.debug({ fired: n }, 'timers fired');
    } catch (err) {
      opts.logger.error({ err }, 'timer poll failed; retrying next tick');
    }
  };
  const handle = setInterval(() => {
    if (stopped) return;
    running = running.then(tick);
  }, opts.intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(handle);
      await running;
    },
  };
}
