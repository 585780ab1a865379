import type pg from 'pg';

export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Serialises work on the given keys until the transaction ends. Keys are taken in sorted order
 * so two transactions never wait on each other in a cycle.
 */
export async function lockKeys(client: Queryable, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`,
    [sorted],
  );
}
