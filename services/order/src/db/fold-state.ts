import type pg from 'pg';
import type { FoldState } from '../domain/fold.js';
import type { Write } from './write-back.js';

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

/** The write that stores each fold's state (upsert), for runWrites; null when there are none. */
export function foldStatesWrite(states: readonly FoldState[]): Write | null {
  if (states.length === 0) return null;
  // One json document keyed by order id: cheaper than a json[] parameter, which node-pg
  // would quote and escape element by element.
  const byOrder: Record<string, Pick<FoldState, 'facts' | 'history' | 'last'>> = {};
  for (const s of states)
    byOrder[s.facts.orderId] = { facts: s.facts, history: s.history, last: s.last };
  return {
    statements: [
      `INSERT INTO order_state (order_id, state)
       SELECT key, value FROM json_each($1::json)
       ON CONFLICT (order_id) DO UPDATE SET state = EXCLUDED.state`,
    ],
    params: [JSON.stringify(byOrder)],
  };
}
