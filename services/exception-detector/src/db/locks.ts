import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * Holds the keys until the transaction ends, taken in one sorted pass so two transactions never
 * wait on each other in a cycle. Everything that locks takes all its keys here, before any row.
 */
export async function lockKeys(db: Q, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`,
    [sorted],
  );
}

/** The customers of known orders (a fact that never changes, so it is read before locking). */
export async function customersOfOrders(
  db: Q,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await db.query<{ order_id: string; customer_id: string }>(
    'SELECT order_id, customer_id FROM order_views WHERE order_id = ANY($1)',
    [[...new Set(orderIds)]],
  );
  return new Map(rows.map((r) => [r.order_id, r.customer_id]));
}
