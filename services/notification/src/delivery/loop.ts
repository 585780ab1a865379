import type { Logger } from '@forewarn/observability';
import type { Stoppable } from '@forewarn/runtime';
import type { DeliveryWorker } from './worker.js';

/**
 * Polls the worker: again at once while it finds work, after `pollMs` when idle or failing.
 * An error flagged `simulatedCrash` (tests) ends the loop as if the process had died.
 */
export function startDeliveryLoop(
  worker: DeliveryWorker,
  opts: { pollMs: number; logger: Logger },
): Stoppable {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    let delay = opts.pollMs;
    try {
      if ((await worker.runOnce()) > 0) delay = 0;
    } catch (err) {
      if ((err as { simulatedCrash?: boolean }).simulatedCrash) {
        stopped = true;
        return;
      }
      opts.logger.error({ err }, 'delivery pass failed');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), delay);
  };
  timer = setTimeout(() => (running = tick()), 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
