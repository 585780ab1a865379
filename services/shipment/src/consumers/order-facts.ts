import { decodeEvent, type DomainEvent } from '@forewarn/contracts';
import type { ConsumedMessage } from '@forewarn/kafka';
import type pg from 'pg';
import { upsertOrderFacts } from '../db/order-facts.js';
import { isOrderEvent, newestPerOrder, orderFactsOf } from '../domain/order-facts.js';

/** Its own group: reading domain.orders never waits on the source topics' fetches, nor they on it. */
export const ORDER_FACTS_CONSUMER = 'shipment-orders';

export function decodeOrderEvent(msg: ConsumedMessage): DomainEvent {
  return decodeEvent(msg.value ?? Buffer.alloc(0)).event as DomainEvent;
}

/**
 * Keeps the newest facts of each order. One idempotent upsert per batch, so a redelivery or a
 * replay needs no inbox: an event already applied, or older than what is kept, changes nothing.
 */
export function handleOrderFacts(pool: pg.Pool) {
  return async (msgs: ConsumedMessage<DomainEvent>[]): Promise<void> => {
    const facts = msgs.flatMap((m) => (isOrderEvent(m.value) ? [orderFactsOf(m.value)] : []));
    await upsertOrderFacts(pool, newestPerOrder(facts));
  };
}
