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

/** The keys of a batch: those known, and the customers of these orders (read in the statement). */
export interface BatchKeys {
  keys: readonly string[];
  /** Orders whose customer's key is wanted, as `customerKeyPrefix` + the order's customer id. */
  customersOf: readonly string[];
  customerKeyPrefix: string;
}

/**
 * lockKeys, then the inbox claim (markProcessed of @forewarn/db), in one statement: the claim's
 * one-time filter waits for every lock, so no inbox row is inserted before the locks are held
 * (a claim first could wait on another batch's insert while holding a lock that batch waits
 * for). Returns the (source, id) pairs this call claimed. A marker with source '' absorbs its
 * id from any source, as in markProcessed.
 */
export async function lockAndClaim(
  db: Q,
  consumer: string,
  batch: BatchKeys,
  refs: readonly { source: string; id: string }[],
): Promise<{ source: string; message_id: string }[]> {
  const { rows } = await db.query<{ source: string; message_id: string }>(
    `WITH keys AS (
       SELECT k FROM unnest($4::text[]) AS k
       UNION SELECT $6 || customer_id FROM order_views WHERE order_id = ANY($5::text[])
     ), locked AS (
       SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n
         FROM (SELECT k FROM keys ORDER BY k) s
     )
     INSERT INTO inbox (consumer, source, message_id)
     SELECT $1, t.source, t.id FROM unnest($2::text[], $3::text[]) AS t(source, id)
     WHERE (SELECT n FROM locked) >= 0
       AND NOT EXISTS (SELECT 1 FROM inbox l
                       WHERE l.consumer = $1 AND l.source = '' AND l.message_id = t.id)
     ON CONFLICT DO NOTHING RETURNING source, message_id`,
    [
      consumer,
      refs.map((r) => r.source),
      refs.map((r) => r.id),
      [...new Set(batch.keys)],
      [...new Set(batch.customersOf)],
      batch.customerKeyPrefix,
    ],
  );
  return rows;
}
