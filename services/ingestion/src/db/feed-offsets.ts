import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface PartitionRef {
  topic: string;
  partition: number;
}

export const partitionKey = (p: PartitionRef) => `${p.topic}:${p.partition}`;

/**
 * The next offset to count per topic-partition, locked until the transaction ends: the feed
 * counters are updated with their checkpoint in one transaction, so a replay after a crash or
 * rebalance never counts a message twice. One statement: the no-op `DO UPDATE` both creates a
 * partition's row the first time and row-locks an existing one (as `FOR UPDATE` would), and its
 * `RETURNING` gives the stored offset. Rows are locked in (topic, partition) order, so two batches
 * over the same partitions wait for each other instead of deadlocking.
 */
export async function lockOffsets(
  client: Queryable,
  partitions: readonly PartitionRef[],
): Promise<Map<string, bigint>> {
  const unique = [...new Map(partitions.map((p) => [partitionKey(p), p])).values()].sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  if (unique.length === 0) return new Map();
  const { rows } = await client.query<{ topic: string; partition: number; next_offset: string }>(
    `INSERT INTO feed_offsets AS f (topic, partition, next_offset)
     SELECT tp, p, 0 FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(tp, p, i) ORDER BY i
     ON CONFLICT (topic, partition) DO UPDATE SET next_offset = f.next_offset
     RETURNING topic, partition, next_offset`,
    [unique.map((p) => p.topic), unique.map((p) => p.partition)],
  );
  return new Map(rows.map((r) => [partitionKey(r), BigInt(r.next_offset)]));
}

/** The checkpoint's columns for `unnest`, as feed-health's write-back takes them. */
export function offsetColumns(next: ReadonlyMap<string, bigint>): [string[], number[], string[]] {
  const entries = [...next].map(([k, offset]) => {
    const i = k.lastIndexOf(':');
    return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), offset: offset.toString() };
  });
  return [
    entries.map((e) => e.topic),
    entries.map((e) => e.partition),
    entries.map((e) => e.offset),
  ];
}
