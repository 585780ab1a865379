import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import { describeError, type RetryPolicy } from '@forewarn/platform';
import { absenceCutoff, boundedWatermark, HOLD_ALL, readWatermark } from '@forewarn/runtime';
import { startPoller } from '@forewarn/runtime/platform';
import type pg from 'pg';
import type { StoreOf } from '../db/pg-store.js';
import { laggingFeeds } from '../db/feeds.js';
import { lockKeys } from '../db/locks.js';
import { claimTimer, nextDueTimer, recordTimerFailure } from '../db/timers.js';
import { afterRead, outageCutoff, type ReadHistory } from './door-outage.js';
import { DEFAULT_TIMER_RETRY, timerRetry } from './retry.js';
import { timerKeys } from './timer-keys.js';
import type { DetectorPolicy } from '../domain/policy.js';
import { silenceCutoff } from '../domain/rules/feed-rules.js';
import { handleTimer } from '../workflow/engine.js';

export interface TimerPollerOptions {
  pool: pg.Pool;
  storeOf: StoreOf;
  now: () => Date;
  policy: DetectorPolicy;
  logger: Logger;
  intervalMs: number;
  /**
   * Sim milliseconds an absence timer waits past its deadline before it fires: evidence sent
   * before the deadline may still be on its way through the pipeline (consumer lag).
   */
  graceMs?: number;
  /**
   * Wall milliseconds an absence timer waits after it was armed (db/timers nextDueTimer): the
   * same lag, for one armed after its deadline, whose grace from the deadline is long past.
   */
  armedGraceMs?: number;
  /**
   * The source watermark (`sourceWatermark` of @forewarn/runtime): absence timers due after it
   * wait, since what was sent before their deadline is not all applied yet. Undefined: no limit.
   */
  watermark?: () => Promise<Date | undefined>;
  /**
   * How long a tick waits for the watermark (default 3 s) before it counts as unknown: with the
   * broker away its read retries for minutes, and SLA clocks must not wait on it.
   */
  watermarkTimeoutMs?: number;
  /**
   * The watermark's reads across ticks (kept by startTimerPoller): after the broker or the
   * database was away, door-fed feeds wait for the sends the outage held (door-outage.ts).
   */
  reads?: { history: ReadHistory };
  /** Wall ms a door-fed feed waits at most after an outage for a send of after it (60 s). */
  outageHoldMs?: number;
  wallNow?: () => number;
  /** Timers fired per tick at most, so one tick never holds the loop for long. */
  maxPerTick?: number;
  /** A timer whose effects keep failing (DEFAULT_TIMER_RETRY): when it is retried or dead. */
  retry?: RetryPolicy;
}

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
  // The absence cutoff is fixed for the tick, on the clock read *before* the watermark: a
  // watermark is only true of the moment it was read, so a long tick must not outrun it.
  const tickNow = opts.now().getTime();
  const watermark = await readWatermark(opts.watermark, opts.logger);
  const nowLessGrace = tickNow - (opts.graceMs ?? 0);
  const cutoff = absenceCutoff(new Date(tickNow), watermark, opts.graceMs);
  // A feed whose messages take longer to reach their topic (the doors) waits that much more:
  // the watermark knows nothing of what is still on its way to a topic. Once the sources are
  // idle (every partition read, nothing new for a while: the watermark sets no limit) nothing is
  // on its way, and the end of a simulated day, where the clock stands still, is judged.
  const idle = opts.watermark !== undefined && watermark === undefined;
  const wallNow = (opts.wallNow ?? Date.now)();
  if (opts.reads && opts.watermark)
    opts.reads.history = afterRead(opts.reads.history, watermark !== HOLD_ALL, tickNow, wallNow);
  const outage = opts.reads?.history.outage;
  // Except after an outage: idle then says only that nothing reached the topics, while the
  // doors' outbox may still hold sends it accepted (ingestion's relay backs off for up to 30 s
  // once the database is back), so a door-fed feed's hold outlasts idleness.
  const feedCutoffs = new Map(
    idle && !outage
      ? []
      : (await laggingFeeds(opts.pool)).flatMap((f) => {
          const at = Math.min(
            idle ? Infinity : silenceCutoff(f, cutoff.getTime(), nowLessGrace),
            outageCutoff(f, outage, wallNow, opts.outageHoldMs ?? 60_000),
          );
          return at === Infinity ? [] : [[f.sourceSystem, new Date(at)] as const];
        }),
  );
  for (; fired < (opts.maxPerTick ?? 500); fired++) {
    const now = opts.now();
    const done = await withTransaction(opts.pool, async (client) => {
      const next = await nextDueTimer(client, now, cutoff, feedCutoffs, opts.armedGraceMs);
      if (!next) return false;
      // The same locks as the consumer, taken before the timer's row: a shipment event and the
      // late-shipment timer of its order never decide on half of each other's writes.
      await lockKeys(client, await timerKeys(client, next));
      const timer = await claimTimer(client, next.timerId, now);
      if (!timer) return true; // another poller fired it meanwhile
      await client.query('SAVEPOINT timer_effects');
      try {
        await opts
          .storeOf(client)
          .run((store) => handleTimer(store, timer, { policy: opts.policy, now }));
        await client.query('RELEASE SAVEPOINT timer_effects');
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT timer_effects');
        const { retryAt, deadAt } = timerRetry(err, retry, now);
        const outcome = await recordTimerFailure(
          client,
          timer.timerId,
          describeError(err),
          now,
          retryAt,
          deadAt,
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
  const watermark =
    opts.watermark && boundedWatermark(opts.watermark, opts.watermarkTimeoutMs ?? 3_000);
  const reads = opts.reads ?? { history: {} };
  return startPoller({
    name: 'timer poll',
    intervalMs: opts.intervalMs,
    tick: async () => {
      const n = await fireDueTimers({ ...opts, watermark, reads });
      if (n > 0) opts.logger.debug({ fired: n }, 'timers fired');
    },
    logger: opts.logger,
  });
}
