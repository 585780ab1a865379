import { encodeEvent, keyFor, TOPIC, type DomainEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import { withOrderFacts } from '../domain/order-facts.js';
import { loadOrderFacts } from './order-facts.js';
import type { Queryable } from './queryable.js';

type ShipmentEvent = Extract<DomainEvent, { type: `shipment.${string}` }>;

/**
 * Enqueues the domain events whose id was never emitted, with the order service's facts about
 * their order laid over them, in the caller's transaction, and returns them. The emitted table outlives the outbox rows, which are pruned once published.
 */
export async function emitOnce(
  client: Queryable,
  events: readonly DomainEvent[],
): Promise<DomainEvent[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query<{ event_id: string }>(
    `INSERT INTO emitted (event_id, type, shipment_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [events.map((e) => e.eventId), events.map((e) => e.type), events.map((e) => keyFor(e))],
  );
  const fresh = new Set(rows.map((r) => r.event_id));
  const news = events.filter((e) => fresh.has(e.eventId)) as ShipmentEvent[];
  const facts = await loadOrderFacts(
    client,
    news.map((e) => e.payload.orderId),
  );
  const out = news.map((e) => withOrderFacts(e, facts.get(e.payload.orderId)));
  await enqueueOutbox(
    client,
    out.map((e) => ({
      eventId: e.eventId,
      topic: TOPIC.shipments,
      key: keyFor(e),
      value: encodeEvent(e),
      headers: { 'event-type': e.type },
    })),
  );
  return out;
}
