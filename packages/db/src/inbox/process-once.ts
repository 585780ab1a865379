import type pg from 'pg';
import { markProcessed } from './batch.js';

export type ProcessOnceResult<T> = { status: 'processed'; value: T } | { status: 'duplicate' };

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Runs fn unless (consumer, source, messageId) was already processed, recording the marker in the
 * caller's transaction. The marker is inserted first: a concurrent duplicate then blocks on the
 * key until this transaction ends, and finds the marker if it committed. fn runs inside a
 * savepoint, so when it throws, its writes and the marker are undone together (the message is
 * retried on redelivery) while the caller's transaction stays usable. Outside a transaction
 * the SAVEPOINT fails, which is the point: a marker must never commit without its effects.
 */
export async function processOnce<T>(
  client: Queryable,
  {
    consumer,
    source,
    messageId,
    schema,
  }: { consumer: string; source: string; messageId: string; schema?: string },
  fn: (client: Queryable) => Promise<T>,
): Promise<ProcessOnceResult<T>> {
  await client.query('SAVEPOINT forewarn_process_once');
  try {
    const marked = await markProcessed(
      client,
      consumer,
      [{ source, id: messageId }],
      schema === undefined ? {} : { schema },
    );
    if (marked.length === 0) {
      await client.query('RELEASE SAVEPOINT forewarn_process_once');
      return { status: 'duplicate' };
    }
    const value = await fn(client);
    await client.query('RELEASE SAVEPOINT forewarn_process_once');
    return { status: 'processed', value };
  } catch (err) {
    // If even this fails the transaction is aborted and cannot commit the marker; the original
    // error is the one worth reporting.
    await client
      .query('ROLLBACK TO SAVEPOINT forewarn_process_once; RELEASE SAVEPOINT forewarn_process_once')
      .catch(() => undefined);
    throw err;
  }
}
