import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * The next offset to count per topic-partition, locked until the transaction ends: the feed
 * counters are updated with their checkpoint in one transaction, so a replay after a crash or
 * rebalance never counts a message twice.
 */
export async function lockOffsets(
  client: Queryable,
  partitions: readonly { topic: string; partition: number }[],
): Promise<Map<string, bigint>> {
  if (partitions.length === 0) return new Map();
  await client.query(
    `INSERT INTO feed_offsets (topic, partition, next_offset)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[]) ON CONFLICT DO NOTHING`,
    [partitions.map((p) => p.topic), partitions.map((p) => p.partition), partitions.map(() => 0)],
  );
  const { rows } = await client.query<{ topic: string; partition: number; next_offset: string }>(
    `SELECT topic, partition, next_offset FROM feed_offsets
     WHERE (topic, partition) IN (SELECT * FROM unnest($1::text[], $2::int[]))
     ORDER BY topic, partition FOR UPDATE`,
    [partitions.map((p) => p.topic), partitions.map((p) => p.partition)],
  );
  return new Map(rows.map((r) => [`${r.topic}:${r.partition}`, BigInt(r.next_offset)]));
}

export async function saveOffsets(
  client: Queryable,
  next: ReadonlyMap<string, bigint>,
): Promise<void> {
  const entries = [...next].map(([k, offset]) => {
    const i = k.lastIndexOf(':');
    return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), offset: offset.toString() };
  });
  if (entries.length === 0) return;
  await client.query(
    `UPDATE feed_offsets f SET next_offset = GREATEST(f.next_offset, t.o)
     FROM unnest($1::text[], $2::int[], $3::bigint[]) AS t(tp, p, o)
     WHERE f.topic = t.tp AND f.partition = t.p`,
    [entries.map((e) => e.topic), entries.map((e) => e.partition), entries.map((e) => e.offset)],
  );
}
