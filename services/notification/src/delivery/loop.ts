import type { Logger } from '@forewarn/observability';
import { startPoller, type Poller } from '@forewarn/runtime/platform';
import type { DeliveryWorker } from './worker.js';

/**
 * Polls the worker: again at once while it finds work, after `pollMs` when idle or failing.
 * An error flagged `simulatedCrash` (tests) ends the loop as if the process had died.
 */
export function startDeliveryLoop(
  worker: DeliveryWorker,
  opts: { pollMs: number; logger: Logger },
): Poller {
  return startPoller({
    name: 'delivery pass',
    intervalMs: opts.pollMs,
    initialDelayMs: 0,
    drain: true,
    tick: () => worker.runOnce(),
    logger: opts.logger,
    isFatal: (err) => (err as { simulatedCrash?: boolean }).simulatedCrash === true,
  });
}
