import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import { startPoller } from '@forewarn/platform';
import { absenceCutoff, boundedWatermark, readWatermark } from '@forewarn/runtime';
import type pg from 'pg';
import { isKnown, noScanYetEvent } from '../domain/emissions.js';
import { openSilence, type SilencePolicy } from '../domain/silence.js';
import { emitOnce } from '../db/emitted.js';
import { loadStates } from '../db/shipments-write.js';
import { claimDueTimers, markFired } from '../db/timers.js';

export interface NoScanPollerOptions {
  pool: pg.Pool;
  policy: SilencePolicy;
  /** The service clock (ctx.now): tests move it instead of waiting hours. */
  now: () => Date;
  intervalMs: number;
  logger: Logger;
  batchSize?: number;
  /**
   * The source watermark of the ingest consumer (`sourceWatermark` of @forewarn/runtime): every
   * carrier and WMS message sent before it is applied. A timer due after it waits, since the scan
   * that breaks its silence may be on the topic, unread (a lagging or restarted consumer).
   * Undefined: no limit.
   */
  watermark?: () => Promise<Date | undefined>;
  /** How long a tick waits for the watermark (default 3 s) before its timers wait a tick. */
  watermarkTimeoutMs?: number;
}

export interface NoScanPoller {
  /** Fires every timer due now; returns how many no-scan events it emitted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Fires due no-scan timers. The timers live in PostgreSQL, so a restart loses none; a timer is
 * marked fired in the same transaction as its outbox row, and the event id is derived from the
 * silence, so a crash between the two cannot emit it twice. A timer fires once the clock is past
 * its due time and the ingest consumer has read the source topics up to it (the watermark, the
 * exception-detector's rule for its absence timers), so a silence is never judged on a state
 * that lacks a scan sent before its deadline.
 */
export function startNoScanPoller(opts: NoScanPollerOptions): NoScanPoller {
  const limit = opts.batchSize ?? 200;
  const watermark =
    opts.watermark && boundedWatermark(opts.watermark, opts.watermarkTimeoutMs ?? 3_000);
  const fireBatch = (cutoff: Date) =>
    withTransaction(opts.pool, async (client) => {
      const now = opts.now();
      const due = await claimDueTimers(client, cutoff, limit);
      const states = await loadStates(client, due);
      const events = [...states.values()].flatMap((s) => {
        const silence = isKnown(s) ? openSilence(s, opts.policy) : null;
        return isKnown(s) && silence ? [noScanYetEvent(s, silence)] : [];
      });
      const emitted = await emitOnce(client, events);
      await markFired(client, due, now);
      return { claimed: due.length, emitted: emitted.length };
    });

  let running: Promise<number> | undefined;
  const runOnce = () =>
    (running ??= (async () => {
      let total = 0;
      try {
        // Fixed for the tick, on the clock read before the watermark: a watermark is only true
        // of the moment it was read.
        const now = opts.now();
        const cutoff = absenceCutoff(now, await readWatermark(watermark, opts.logger));
        for (;;) {
          const { claimed, emitted } = await fireBatch(cutoff);
          total += emitted;
          if (claimed < limit) return total;
        }
      } finally {
        running = undefined;
      }
    })());

  const poller = startPoller({
    name: 'no-scan timer poll',
    intervalMs: opts.intervalMs,
    tick: runOnce,
    logger: opts.logger,
  });

  return {
    runOnce,
    async stop() {
      await poller.stop();
      await running?.catch(() => undefined);
    },
  };
}
