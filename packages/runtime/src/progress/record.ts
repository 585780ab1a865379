import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;

/**
 * The table a consumer records its progress in, one per service (in the service's own schema):
 * how far each source partition is applied, the latest send time seen and when (wall time).
 */
export const CONSUMER_PROGRESS_TABLE = `
CREATE TABLE consumer_progress (
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  max_sent_at timestamptz NOT NULL,
  applied_at timestamptz NOT NULL,
  PRIMARY KEY (topic, partition)
);
`;

/** A partition applied up to `next` (the offset after the last message), with its latest send. */
export interface AppliedProgress {
  topic: string;
  partition: number;
  next: string;
  maxSentAt: Date;
}

/** What a batch applied, per partition: the offset after its last message and its latest send. */
export function progressOf(
  msgs: readonly { topic: string; partition: number; offset: string }[],
  sentAt: (i: number) => Date,
): AppliedProgress[] {
  const out = new Map<string, AppliedProgress>();
  msgs.forEach((m, i) => {
    const key = `${m.topic}|${m.partition}`;
    const next = (BigInt(m.offset) + 1n).toString();
    const at = sentAt(i);
    const seen = out.get(key);
    if (!seen)
      return void out.set(key, { topic: m.topic, partition: m.partition, next, maxSentAt: at });
    if (BigInt(next) > BigInt(seen.next)) seen.next = next;
    if (at > seen.maxSentAt) seen.maxSentAt = at;
  });
  return [...out.values()];
}

/** Records, in the batch's transaction, that each source partition is applied up to `next`. */
export async function recordProgress(db: Q, applied: readonly AppliedProgress[]): Promise<void> {
  if (applied.length === 0) return;
  await db.query(
    // applied_at is wall time (the database's clock): the watermark's idleness is wall time.
    `INSERT INTO consumer_progress (topic, partition, next_offset, max_sent_at, applied_at)
     SELECT *, clock_timestamp()
       FROM unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[])
     ON CONFLICT (topic, partition) DO UPDATE SET
       next_offset = GREATEST(consumer_progress.next_offset, EXCLUDED.next_offset),
       max_sent_at = GREATEST(consumer_progress.max_sent_at, EXCLUDED.max_sent_at),
       applied_at = EXCLUDED.applied_at`,
    [
      applied.map((a) => a.topic),
      applied.map((a) => a.partition),
      applied.map((a) => a.next),
      applied.map((a) => a.maxSentAt),
    ],
  );
}
