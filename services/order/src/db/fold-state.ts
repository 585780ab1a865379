import type pg from 'pg';
import type { FoldState } from '../domain/fold.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export async function loadFoldStates(
  client: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, FoldState>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await client.query<{ order_id: string; state: FoldState }>(
    'SELECT order_id, state FROM order_state WHERE order_id = ANY($1::text[])',
    [orderIds],
  );
  return new Map(rows.map((r) => [r.order_id, r.state]));
}

export async function saveFoldStates(
  client: Queryable,
  states: readonly FoldState[],
): Promise<void> {
  if (states.length === 0) return;
  await client.query(
    `INSERT INTO order_state (order_id, state)
     SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (order_id) DO UPDATE SET state = EXCLUDED.state`,
    [
      states.map((s) => s.facts.orderId),
      states.map((s) => JSON.stringify({ facts: s.facts, history: s.history, last: s.last })),
    ],
  );
}
