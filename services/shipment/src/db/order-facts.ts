import type { OrderFacts } from '../domain/order-facts.js';
import type { Queryable } from './queryable.js';

/** Keeps the newest facts per order; an older event arriving late changes nothing. */
export async function upsertOrderFacts(client: Queryable, facts: readonly OrderFacts[]) {
  if (facts.length === 0) return;
  await client.query(
    `INSERT INTO order_facts (order_id, facts, as_of, as_of_event_id)
     SELECT f->>'orderId', f, (f->>'asOf')::timestamptz, f->>'asOfEventId'
     FROM json_array_elements($1::json) AS f
     ON CONFLICT (order_id) DO UPDATE
       SET facts = EXCLUDED.facts, as_of = EXCLUDED.as_of, as_of_event_id = EXCLUDED.as_of_event_id
       WHERE (EXCLUDED.as_of, EXCLUDED.as_of_event_id) > (order_facts.as_of, order_facts.as_of_event_id)`,
    [JSON.stringify(facts)],
  );
}

export async function loadOrderFacts(
  client: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, OrderFacts>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await client.query<{ facts: OrderFacts }>(
    'SELECT facts FROM order_facts WHERE order_id = ANY($1::text[])',
    [[...new Set(orderIds)]],
  );
  return new Map(rows.map((r) => [r.facts.orderId, r.facts]));
}
