import type { Logger } from '@forewarn/observability';
import type { Stoppable } from '@forewarn/runtime';
import { startPoller, type Poller } from '@forewarn/runtime/platform';
import { CHANNELS } from '../domain/channels.js';
import type { DeliveryWorker } from './worker.js';

/**
 * One poller per channel, so a hung provider (an SMS gateway that never answers) holds up only
 * its own channel while email and webhooks keep flowing, and one that takes over expired leases
 * and settles unknown outcomes. Each drains a backlog without waiting, else polls every `pollMs`.
 */
export function startDeliveryLoop(
  worker: DeliveryWorker,
  opts: { pollMs: number; logger: Logger },
): Stoppable {
  const poll = (name: string, tick: () => Promise<number | void>): Poller =>
    startPoller({
      name,
      intervalMs: opts.pollMs,
      initialDelayMs: 0,
      drain: true,
      tick,
      logger: opts.logger,
      // A test's simulated crash kills the whole "process": every poller stops, no heartbeat.
      isFatal: (err) => {
        const crash = (err as { simulatedCrash?: boolean }).simulatedCrash === true;
        if (crash) void stop();
        return crash;
      },
    });
  const stop = async () => {
    await Promise.all(pollers.map((p) => p.stop()));
  };
  const pollers: Poller[] = [
    poll('delivery recovery', () => worker.maintain()),
    ...CHANNELS.map((channel) => poll(`${channel} delivery`, () => worker.runChannel(channel))),
  ];
  return { stop };
}
