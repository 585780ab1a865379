import { decodeRecord } from '@forewarn/contracts';
import { withTransaction } from '@forewarn/db';
import type { ConsumedMessage } from '@forewarn/kafka';
import type pg from 'pg';
import { aggregate, type Observation } from '../domain/feed-observations.js';
import { applyFeedDeltas } from '../db/feed-health.js';
import { lockOffsets, saveOffsets } from '../db/feed-offsets.js';
import type { FeedMetrics } from '../feed-metrics.js';

/** What one message says about its source's feed; never throws, so nothing here dead-letters. */
export function observe(msg: ConsumedMessage, isDeadLetter: boolean): Observation {
  const receivedAt = new Date(msg.timestamp);
  let event: { sourceSystem: string; occurredAt: string; receivedAt?: string | null } | undefined;
  try {
    event = decodeRecord(msg);
  } catch {
    event = undefined;
  }
  const source = event?.sourceSystem ?? msg.headers['source-system'] ?? 'unknown';
  if (isDeadLetter) return { kind: 'dlq', source, receivedAt };
  if (!event) return { kind: 'undecodable', source, receivedAt };
  return {
    kind: 'event',
    source,
    occurredAt: new Date(event.occurredAt),
    receivedAt: event.receivedAt ? new Date(event.receivedAt) : receivedAt,
  };
}

/**
 * Batch handler of the feed-health consumer: skips what the stored checkpoint says was counted,
 * then applies one delta per source and the new checkpoint in the same transaction.
 */
export function feedHealthHandler(deps: {
  pool: pg.Pool;
  feed: FeedMetrics;
  isDeadLetterTopic: (topic: string) => boolean;
}) {
  return async (msgs: ConsumedMessage[]): Promise<void> => {
    const partitions = [
      ...new Map(
        msgs.map((m) => [`${m.topic}:${m.partition}`, { topic: m.topic, partition: m.partition }]),
      ).values(),
    ];
    const deltas = await withTransaction(deps.pool, async (client) => {
      const next = await lockOffsets(client, partitions);
      const fresh = msgs.filter(
        (m) => BigInt(m.offset) >= (next.get(`${m.topic}:${m.partition}`) ?? 0n),
      );
      const d = aggregate(fresh.map((m) => observe(m, deps.isDeadLetterTopic(m.topic))));
      await applyFeedDeltas(client, d);
      const after = new Map<string, bigint>();
      for (const m of fresh) {
        const k = `${m.topic}:${m.partition}`;
        const o = BigInt(m.offset) + 1n;
        if (o > (after.get(k) ?? 0n)) after.set(k, o);
      }
      await saveOffsets(client, after);
      return d;
    });
    deps.feed.apply(deltas);
  };
}
