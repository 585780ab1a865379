import type pg from 'pg';
import { groupByTopic, type OutboxPublisher, type OutboxRow } from './messages.js';

/** The publisher failed: the rows stay unpublished and the relay keeps its leadership. */
export class OutboxPublishError extends Error {
  override readonly name = 'OutboxPublishError';
}

/**
 * Publishes the oldest unpublished rows, then marks them published. A crash between the two
 * steps leaves them unmarked, so the next leader publishes them again (at least once).
 * Returns how many rows were published.
 */
export async function publishBatch(
  client: Pick<pg.ClientBase, 'query'>,
  {
    table,
    publisher,
    batchSize,
    now,
  }: {
    table: string;
    publisher: OutboxPublisher;
    batchSize: number;
    now: () => Date;
  },
): Promise<number> {
  const { rows } = await client.query<OutboxRow>(
    `SELECT id, event_id, topic, key, value, headers FROM ${table}
     WHERE published_at IS NULL ORDER BY id LIMIT $1`,
    [batchSize],
  );
  if (rows.length === 0) return 0;
  try {
    // Topics are independent streams, so they go out concurrently; order within one is kept.
    await Promise.all(
      groupByTopic(rows).map(({ topic, messages }) => publisher.send(topic, messages)),
    );
  } catch (err) {
    throw new OutboxPublishError(`publishing ${rows.length} outbox rows failed`, { cause: err });
  }
  await client.query(`UPDATE ${table} SET published_at = $2 WHERE id = ANY($1::bigint[])`, [
    rows.map((r) => r.id),
    now(),
  ]);
  return rows.length;
}
