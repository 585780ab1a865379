import { withTransaction } from '@forewarn/db';
import type { Logger } from '@forewarn/observability';
import { startPoller, type Poller } from '@forewarn/platform';
import type pg from 'pg';
import { releaseHeld } from '../db/held-events.js';

/**
 * An order the order service never describes must not keep its shipment's events from the
 * detector for ever: past the deadline (wall time) they go out as they are, without the facts.
 */
export function startHeldEventsPoller(opts: {
  pool: pg.Pool;
  holdMs: number;
  intervalMs: number;
  logger: Logger;
}): Poller {
  return startPoller({
    name: 'held shipment events',
    intervalMs: opts.intervalMs,
    tick: () =>
      withTransaction(opts.pool, (client) =>
        releaseHeld(client, { heldBefore: new Date(Date.now() - opts.holdMs) }),
      ),
    logger: opts.logger,
  });
}
