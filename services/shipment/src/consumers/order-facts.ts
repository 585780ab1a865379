import type { DomainEvent, ForewarnEvent } from '@forewarn/contracts';
import { withTransaction } from '@forewarn/db';
import type { ConsumedMessage } from '@forewarn/kafka';
import type pg from 'pg';
import { lockOrders } from '../db/emitted.js';
import { releaseHeld } from '../db/held-events.js';
import { upsertOrderFacts } from '../db/order-facts.js';
import { isOrderEvent, newestPerOrder, orderFactsOf } from '../domain/order-facts.js';

/** Its own group: reading domain.orders never waits on the source topics' fetches, nor they on it. */
export const ORDER_FACTS_CONSUMER = 'shipment-orders';

/**
 * Keeps the newest facts of each order and releases the shipment events held for them, in one
 * transaction. The upsert is idempotent, so a redelivery or a replay needs no inbox: an event
 * already applied, or older than what is kept, changes nothing.
 */
export function handleOrderFacts(pool: pg.Pool) {
  return async (msgs: ConsumedMessage<ForewarnEvent>[]): Promise<void> => {
    const events = msgs.map((m) => m.value as DomainEvent);
    const facts = newestPerOrder(events.flatMap((e) => (isOrderEvent(e) ? [orderFactsOf(e)] : [])));
    if (facts.length === 0) return;
    const orderIds = facts.map((f) => f.orderId);
    await withTransaction(pool, async (client) => {
      await lockOrders(client, orderIds);
      await upsertOrderFacts(client, facts);
      await releaseHeld(client, { orderIds });
    });
  };
}
