import { TOPIC, encodeEvent } from '@forewarn/contracts';
import type { OutboxEvent } from '@forewarn/db';
import type pg from 'pg';
import type { OrderDomainEvent } from '../domain/emit.js';
import type { Write } from './write-back.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Ids of the domain events already emitted for these orders. */
export async function emittedIds(
  client: Queryable,
  orderIds: readonly string[],
): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const { rows } = await client.query<{ event_id: string }>(
    'SELECT event_id::text FROM order_emissions WHERE order_id = ANY($1::text[])',
    [orderIds],
  );
  return new Set(rows.map((r) => r.event_id));
}

/**
 * The write that records the events as emitted, for runWrites (null when there are none); the
 * caller puts them in the outbox in the same transaction (outboxEvents), in the given order:
 * the relay publishes in that order, keyed by order id.
 */
export function emissionsWrite(events: readonly OrderDomainEvent[]): Write | null {
  if (events.length === 0) return null;
  return {
    statements: [
      `INSERT INTO order_emissions (event_id, order_id, type, cause_event_id, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
    ],
    params: [
      events.map((e) => e.eventId),
      events.map((e) => e.payload.orderId),
      events.map((e) => e.type),
      events.map((e) => e.causationId ?? ''),
      events.map((e) => e.occurredAt),
    ],
  };
}

/** The events as outbox rows on domain.orders, keyed by order id. */
export function outboxEvents(events: readonly OrderDomainEvent[]): OutboxEvent[] {
  return events.map((e) => ({
    eventId: e.eventId,
    topic: TOPIC.orders,
    key: e.payload.orderId,
    value: encodeEvent(e),
    headers: { 'event-type': e.type },
    causationId: e.causationId ?? null,
  }));
}
