import { readRecord } from '@forewarn/contracts';
import { withTransaction, type ClientSource } from '@forewarn/db';
import { classifyFailure, type ConsumedMessage } from '@forewarn/kafka';
import { withSpan } from '@forewarn/observability';
import type pg from 'pg';
import { aggregate, type FeedDelta, type Observation } from '../domain/feed-observations.js';
import { applyFeedDeltas } from '../db/feed-health.js';
import { lockOffsets, partitionKey } from '../db/feed-offsets.js';
import type { FeedMetrics } from '../feed-metrics.js';

/**
 * What one message says about its source's feed, read by the consumers' one decoder (a schema id
 * unknown here is looked up in the registry first). A message that cannot be read counts as
 * undecodable and nothing here dead-letters; a registry that cannot be reached is thrown, so the
 * batch is retried rather than counting a healthy message as a reject.
 */
export async function observe(msg: ConsumedMessage, isDeadLetter: boolean): Promise<Observation> {
  const receivedAt = new Date(msg.timestamp);
  let event: { sourceSystem: string; occurredAt: string; receivedAt?: string | null } | undefined;
  try {
    event = await readRecord(msg);
  } catch (err) {
    if (classifyFailure(err) === 'transient') throw err;
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
 * Counts, in the caller's transaction, the messages the stored checkpoint has not counted yet:
 * one delta per source and the new checkpoint, written together. Two statements whatever the
 * batch: the checkpoint's lock-and-read, then the write-back.
 */
async function countFresh(
  client: pg.PoolClient,
  msgs: readonly ConsumedMessage[],
  seen: readonly Observation[],
): Promise<FeedDelta[]> {
  const next = await lockOffsets(client, msgs);
  const isFresh = (m: ConsumedMessage) => BigInt(m.offset) >= (next.get(partitionKey(m)) ?? 0n);
  const fresh = msgs.filter(isFresh);
  const d = aggregate(seen.filter((_, i) => isFresh(msgs[i]!)));
  const after = new Map<string, bigint>();
  for (const m of fresh) {
    const k = partitionKey(m);
    const o = BigInt(m.offset) + 1n;
    if (o > (after.get(k) ?? 0n)) after.set(k, o);
  }
  await applyFeedDeltas(client, d, after);
  return d;
}

/**
 * Batch handler of the feed-health consumer: skips what the stored checkpoint says was counted,
 * then applies one delta per source and the new checkpoint in the same transaction.
 */
export function feedHealthHandler(deps: {
  pool: ClientSource;
  feed: FeedMetrics;
  isDeadLetterTopic: (topic: string) => boolean;
}) {
  return async (msgs: ConsumedMessage[]): Promise<void> => {
    // Read before the transaction: a registry lookup never runs while rows are locked.
    const seen = await Promise.all(msgs.map((m) => observe(m, deps.isDeadLetterTopic(m.topic))));
    // The ingestion stage of a trace (as the detector's `detect`): the counting and its writes.
    const deltas = await withTransaction(deps.pool, (client) =>
      withSpan('ingest', { stage: 'ingest', attributes: { 'forewarn.events': msgs.length } }, () =>
        countFresh(client, msgs, seen),
      ),
    );
    deps.feed.apply(deltas);
  };
}
