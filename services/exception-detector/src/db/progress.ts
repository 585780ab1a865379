import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

/** Records, in the batch's transaction, that a source partition is applied up to `next`. */
export async function recordProgress(
  db: Q,
  topic: string,
  partition: number,
  next: string,
  maxSentAt: Date,
): Promise<void> {
  await db.query(
    // applied_at is wall time (the database's clock): the watermark's idleness is wall time.
    `INSERT INTO consumer_progress (topic, partition, next_offset, max_sent_at, applied_at)
     VALUES ($1, $2, $3, $4, clock_timestamp())
     ON CONFLICT (topic, partition) DO UPDATE SET
       next_offset = GREATEST(consumer_progress.next_offset, EXCLUDED.next_offset),
       max_sent_at = GREATEST(consumer_progress.max_sent_at, EXCLUDED.max_sent_at),
       applied_at = EXCLUDED.applied_at`,
    [topic, partition, next, maxSentAt],
  );
}
