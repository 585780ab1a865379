import { encodeEvent, keyFor, TOPIC, type DomainEvent } from '@forewarn/contracts';
import { enqueueOutbox } from '@forewarn/db';
import { withOrderFacts, type OrderFacts } from '../domain/order-facts.js';
import { loadOrderFacts } from './order-facts.js';
import type { Queryable } from './queryable.js';

type ShipmentEvent = Extract<DomainEvent, { type: `shipment.${string}` }>;

/**
 * Serialises, per order, the emitter (which may hold events) and the order-facts consumer
 * (which releases them): without it, a hold written while the facts commit would wait for the
 * deadline although the facts are there.
 */
export async function lockOrders(client: Queryable, orderIds: readonly string[]): Promise<void> {
  const ids = [...new Set(orderIds)].sort();
  if (ids.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtext('shipment-order-facts:' || id))
       FROM unnest($1::text[]) AS id ORDER BY id`,
    [ids],
  );
}

/** Puts events on the outbox with the facts of their order laid over them (none: as they are). */
export async function enqueueWithFacts(
  client: Queryable,
  events: readonly ShipmentEvent[],
  facts: ReadonlyMap<string, OrderFacts>,
): Promise<ShipmentEvent[]> {
  const out = events.map((e) => withOrderFacts(e, facts.get(e.payload.orderId)));
  await enqueueOutbox(
    client,
    out.map((e) => ({
      eventId: e.eventId,
      topic: TOPIC.shipments,
      key: keyFor(e),
      value: encodeEvent(e),
      headers: { 'event-type': e.type },
      causationId: e.causationId ?? null,
    })),
  );
  return out;
}

/**
 * Enqueues the domain events whose id was never emitted, in the caller's transaction, with the
 * order service's facts about their order laid over them. An event whose order the order service
 * has not described yet is held (awaiting_order_facts) until its facts arrive or the hold's
 * deadline passes (db/held-events.ts), and so are the later events of that order, so consumers
 * get them in order and never a shipment without its customer's tier. The emitted table outlives
 * the outbox rows, which are pruned once published.
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
  if (news.length === 0) return [];
  const orderIds = news.map((e) => e.payload.orderId);
  await lockOrders(client, orderIds);
  const facts = await loadOrderFacts(client, orderIds);
  const { rows: holding } = await client.query<{ order_id: string }>(
    'SELECT DISTINCT order_id FROM awaiting_order_facts WHERE order_id = ANY($1::text[])',
    [[...new Set(orderIds)]],
  );
  const held = new Set(holding.map((r) => r.order_id));
  const wait = (e: ShipmentEvent) => !facts.has(e.payload.orderId) || held.has(e.payload.orderId);
  const waiting = news.filter(wait);
  if (waiting.length > 0) {
    await client.query(
      `INSERT INTO awaiting_order_facts (event_id, order_id, event)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
      [
        waiting.map((e) => e.eventId),
        waiting.map((e) => e.payload.orderId),
        waiting.map((e) => JSON.stringify(e)),
      ],
    );
  }
  const sent = await enqueueWithFacts(
    client,
    news.filter((e) => !wait(e)),
    facts,
  );
  return [...sent, ...waiting];
}
