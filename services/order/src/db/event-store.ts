import type pg from 'pg';
import type { OrderInputEvent } from '../domain/events.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export function orderIdOf(e: OrderInputEvent): string {
  return e.payload.orderId;
}

/**
 * Stores events not seen before, in one statement; returns the ones this call stored. A
 * duplicate (same source system and event id) is left alone and not returned.
 */
export async function insertEvents(
  client: Queryable,
  events: readonly OrderInputEvent[],
): Promise<OrderInputEvent[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query<{ source_system: string; event_id: string }>(
    `INSERT INTO order_events (source_system, event_id, order_id, type, occurred_at, event)
     SELECT e->>'sourceSystem', e->>'eventId', e->'payload'->>'orderId', e->>'type',
            (e->>'occurredAt')::timestamptz, e
     FROM json_array_elements($1::json) AS e
     ON CONFLICT DO NOTHING
     RETURNING source_system, event_id`,
    [JSON.stringify(events)],
  );
  const stored = new Set(rows.map((r) => `${r.source_system}/${r.event_id}`));
  return events.filter((e) => stored.delete(`${e.sourceSystem}/${e.eventId}`));
}

/** Every stored event of the given orders, grouped by order (unsorted: the fold sorts). */
export async function loadEvents(
  client: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, OrderInputEvent[]>> {
  const out = new Map<string, OrderInputEvent[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return out;
  const { rows } = await client.query<{ order_id: string; event: OrderInputEvent }>(
    'SELECT order_id, event FROM order_events WHERE order_id = ANY($1::text[])',
    [orderIds],
  );
  for (const r of rows) out.get(r.order_id)?.push(r.event);
  return out;
}

/**
 * Serialises writers of the same orders (other instances, other partitions) until commit, so
 * each fold sees every event committed before it. Locks are taken in a fixed order: no deadlock.
 */
export async function lockOrders(client: Queryable, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended('order:' || id, 0) AS k FROM unnest($1::text[]) AS id ORDER BY 1
     ) AS keys`,
    [orderIds],
  );
}
