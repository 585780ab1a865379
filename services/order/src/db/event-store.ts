import type pg from 'pg';
import type { OrderInputEvent } from '../domain/events.js';
import type { FoldState } from '../domain/fold.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export function orderIdOf(e: OrderInputEvent): string {
  return e.payload.orderId;
}

/**
 * INSERT of the events in $1 (a json array) into an event table (source_system, event_id, the
 * key column from the payload's `keyField`, type, occurred_at, event); a stored one is skipped.
 */
export function insertEventsSql(table: string, keyColumn: string, keyField: string): string {
  return `INSERT INTO ${table} (source_system, event_id, ${keyColumn}, type, occurred_at, event)
       SELECT e->>'sourceSystem', e->>'eventId', e->'payload'->>'${keyField}', e->>'type',
              (e->>'occurredAt')::timestamptz, e
       FROM json_array_elements($1::json) AS e
       ON CONFLICT DO NOTHING`;
}

/**
 * Stores events not seen before and reads the fold state of every order they belong to, in one
 * statement; returns the events this call stored and those states (an order with none yet is
 * absent). A duplicate (same source system and event id) is left alone and not returned. Call it
 * after lockOrders: the statement's snapshot then holds every state committed before the lock.
 */
export async function storeEvents(
  client: Queryable,
  events: readonly OrderInputEvent[],
): Promise<{ stored: OrderInputEvent[]; states: Map<string, FoldState> }> {
  if (events.length === 0) return { stored: [], states: new Map() };
  const { rows } = await client.query<{
    source: string | null;
    id: string;
    state: FoldState | null;
  }>(
    `WITH stored AS (${insertEventsSql('order_events', 'order_id', 'orderId')}
       RETURNING source_system, event_id, order_id
     )
     SELECT source_system AS source, event_id AS id, NULL::json AS state FROM stored
     UNION ALL
     SELECT NULL, order_id, state FROM order_state
     WHERE order_id IN (SELECT order_id FROM stored)`,
    [JSON.stringify(events)],
  );
  const stored = new Set<string>();
  const states = new Map<string, FoldState>();
  for (const r of rows) {
    if (r.source === null) states.set(r.id, r.state as FoldState);
    else stored.add(`${r.source}/${r.id}`);
  }
  return { stored: events.filter((e) => stored.delete(`${e.sourceSystem}/${e.eventId}`)), states };
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
