import { tracingEnabled, withSpan } from '@forewarn/observability';
import type pg from 'pg';

/** Anything that hands out a client; a pg.Pool in practice. */
export interface ClientSource {
  connect(): Promise<pg.PoolClient>;
}

/**
 * Runs fn inside BEGIN/COMMIT on one client, rolls back when fn or COMMIT throws, and always
 * gives the client back. A client whose ROLLBACK failed is destroyed rather than reused, since
 * its session state is unknown.
 */
export async function withTransaction<T>(
  pool: ClientSource,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return transaction(pool, fn);
  // The pool's wait for a connection is inside the span: a starved pool shows there.
  return withSpan(
    'db transaction',
    { stage: 'db.transaction', attributes: { 'db.system.name': 'postgresql' } },
    () => transaction(pool, fn),
  );
}

async function transaction<T>(
  pool: ClientSource,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
