import type pg from 'pg';
import type { FeedDelta } from '../domain/feed-observations.js';
import type { FeedStats } from '../domain/feed-status.js';
import { offsetColumns } from './feed-offsets.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Adds batch deltas to the per-source totals and minute buckets and, when given, moves the
 * consumer's checkpoint (rows that `lockOffsets` locked): one statement whatever the batch, so the
 * counts and the checkpoint commit together even outside a transaction.
 */
export async function applyFeedDeltas(
  client: Queryable,
  deltas: readonly FeedDelta[],
  checkpoint: ReadonlyMap<string, bigint> = new Map(),
): Promise<void> {
  if (deltas.length === 0 && checkpoint.size === 0) return;
  const minutes = deltas.flatMap((d) => [...d.perMinute].map(([m, n]) => ({ s: d.source, m, n })));
  // Data-modifying CTEs all run to completion whether or not the outer SELECT reads them.
  await client.query(
    `WITH health AS (
       INSERT INTO feed_health AS f
         (source_system, last_occurred_at, last_received_at, events_total, rejects_total, dlq_total, updated_at)
       SELECT s, o, r, e, j, d, now()
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::bigint[])
         AS t(s, o, r, e, j, d)
       ON CONFLICT (source_system) DO UPDATE SET
         last_occurred_at = GREATEST(f.last_occurred_at, EXCLUDED.last_occurred_at),
         last_received_at = GREATEST(f.last_received_at, EXCLUDED.last_received_at),
         events_total = f.events_total + EXCLUDED.events_total,
         rejects_total = f.rejects_total + EXCLUDED.rejects_total,
         dlq_total = f.dlq_total + EXCLUDED.dlq_total,
         updated_at = now()
     ), minutes AS (
       INSERT INTO feed_minutes AS f (source_system, minute, events)
       SELECT s, to_timestamp(m * 60), n FROM unnest($7::text[], $8::bigint[], $9::int[]) AS t(s, m, n)
       ON CONFLICT (source_system, minute) DO UPDATE SET events = f.events + EXCLUDED.events
     ), offsets AS (
       UPDATE feed_offsets f SET next_offset = GREATEST(f.next_offset, t.o)
       FROM unnest($10::text[], $11::int[], $12::bigint[]) AS t(tp, p, o)
       WHERE f.topic = t.tp AND f.partition = t.p
     )
     SELECT 1`,
    [
      deltas.map((d) => d.source),
      deltas.map((d) => d.maxOccurredAt),
      deltas.map((d) => d.maxReceivedAt),
      deltas.map((d) => d.events),
      deltas.map((d) => d.rejects),
      deltas.map((d) => d.dlq),
      minutes.map((x) => x.s),
      minutes.map((x) => x.m),
      minutes.map((x) => x.n),
      ...offsetColumns(checkpoint),
    ],
  );
}

/** Drops minute buckets nobody will read again. */
export async function pruneFeedMinutes(client: Queryable, before: Date): Promise<void> {
  await client.query('DELETE FROM feed_minutes WHERE minute < $1', [before]);
}

export async function readFeedStats(
  client: Queryable,
  windowStart: Date,
  source?: string,
): Promise<FeedStats[]> {
  const { rows } = await client.query<{
    source_system: string;
    last_occurred_at: Date | null;
    last_received_at: Date | null;
    events_total: string;
    rejects_total: string;
    dlq_total: string;
    recent: string;
  }>(
    `SELECT f.*, COALESCE((SELECT sum(events) FROM feed_minutes m
                           WHERE m.source_system = f.source_system AND m.minute >= $1), 0) AS recent
     FROM feed_health f WHERE $2::text IS NULL OR f.source_system = $2
     ORDER BY f.source_system`,
    [windowStart, source ?? null],
  );
  return rows.map((r) => ({
    source: r.source_system,
    lastOccurredAt: r.last_occurred_at,
    lastReceivedAt: r.last_received_at,
    eventsTotal: Number(r.events_total),
    rejectsTotal: Number(r.rejects_total),
    dlqTotal: Number(r.dlq_total),
    recentEvents: Number(r.recent),
  }));
}
