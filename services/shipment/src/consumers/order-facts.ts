import type { DomainEvent, ForewarnEvent } from '@forewarn/contracts';
import type { ConsumedMessage } from '@forewarn/kafka';
import type pg from 'pg';
import { upsertOrderFacts } from '../db/order-facts.js';
import { isOrderEvent, newestPerOrder, orderFactsOf } from '../domain/order-facts.js';

/** Its own group: reading domain.orders never waits on the source topics' fetches, nor they on it. */
export const ORDER_FACTS_CONSUMER = 'shipment-orders';

/**
 * Keeps the newest facts of each order. One idempotent upsert per batch, so a redelivery or a
 * replay needs no inbox: an event already applied, or older than what is kept, changes nothing.
 */
export function handleOrderFacts(pool: pg.Pool) {
  return async (msgs: ConsumedMessage<ForewarnEvent>[]): Promise<void> => {
    const events = msgs.map((m) => m.value as DomainEvent);
    const facts = events.flatMap((e) => (isOrderEvent(e) ? [orderFactsOf(e)] : []));
    await upsertOrderFacts(pool, newestPerOrder(facts));
  };
}
