import type { Logger } from '@forewarn/observability';
import type { Stoppable } from '@forewarn/runtime';
import { startPoller, type Poller } from '@forewarn/runtime/platform';
import { CHANNELS, type Channel } from '../domain/channels.js';
import type { DeliveryWorker } from './worker.js';

export interface DeliveryLoop extends Stoppable {
  /**
   * Notices due now were committed on these channels: their workers claim at once instead of at
   * the next poll. The poll stays for what no one announces (retries and quiet hours coming due,
   * other instances' notices, lapsed leases).
   */
  wake(channels: Iterable<Channel>): void;
}

/**
 * One loop per channel, so a hung provider (an SMS gateway that never answers) holds up only
 * its own channel while email and webhooks keep flowing, and one that takes over expired leases
 * and settles unknown outcomes. Each drains a backlog without waiting, else polls every `pollMs`
 * or sooner when woken.
 */
export function startDeliveryLoop(
  worker: DeliveryWorker,
  opts: { pollMs: number; logger: Logger },
): DeliveryLoop {
  const loop = (name: string, tick: () => Promise<number | void>): Poller =>
    startPoller({
      name,
      intervalMs: opts.pollMs,
      initialDelayMs: 0,
      drain: true,
      tick,
      logger: opts.logger,
      // A test's simulated crash kills the whole "process": every loop stops, no heartbeat.
      isFatal: (err) => {
        const crash = (err as { simulatedCrash?: boolean }).simulatedCrash === true;
        if (crash) void stop();
        return crash;
      },
    });
  const stop = async () => {
    await Promise.all([recovery, ...channels.values()].map((l) => l.stop()));
  };
  const recovery = loop('delivery recovery', () => worker.maintain());
  const channels = new Map(
    CHANNELS.map((c) => [c, loop(`${c} delivery`, () => worker.runChannel(c))] as const),
  );
  return {
    stop,
    wake(woken) {
      for (const c of woken) channels.get(c)?.wake();
    },
  };
}
