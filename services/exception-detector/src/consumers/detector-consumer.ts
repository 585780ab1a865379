import { SERVICE_TOPICS, readRecord, type ForewarnEvent } from '@forewarn/contracts';
import type { ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext, Stoppable } from '@forewarn/runtime';
import { detectorPolicy, sentAtOf, writtenAtOf, type DetectorEnv } from '../config.js';
import { detectorStoreOf } from '../db/pg-store.js';
import { applyDetectorBatch, type BatchDeps } from './apply-batch.js';

/**
 * The detector's two consumers, as SERVICE_TOPICS declares them: the source topics watched for
 * feed health (scans and inventory adjustments feed rules too), and the domain topics the rules
 * read that no source consumer takes.
 */
const DECLARED = SERVICE_TOPICS['exception-detector'].consumers;
export const FEED_TOPICS: readonly string[] = DECLARED.feeds.topics;

/** The detector's consumer groups (named after DETECTOR_CONSUMER_GROUP) and what each reads. */
export const detectorConsumers = (group: string) => [
  { name: 'feeds', groupId: group, topics: DECLARED.feeds.topics as readonly string[] },
  {
    name: 'domain',
    groupId: `${group}-domain`,
    topics: DECLARED.domain.topics as readonly string[],
  },
];

/** The detector's consumer: each batch applied as applyDetectorBatch describes. */
function startConsumer(
  ctx: ServiceContext<DetectorEnv>,
  name: string,
  groupId: string,
): Promise<ConsumerHandle> {
  const deps: BatchDeps = {
    pool: ctx.pool,
    group: ctx.config.DETECTOR_CONSUMER_GROUP,
    storeOf: detectorStoreOf(ctx.config),
    policy: detectorPolicy(ctx.config),
    now: () => ctx.now(),
    sentAt: (m, now) => sentAtOf(ctx.config, m, now),
    writtenAt: (m, now) => writtenAtOf(ctx.config, m, now),
  };
  // If a batch fails, runConsumer replays it one message per call (this same handler with one
  // message), so a poison message reaches the DLQ alone.
  return ctx.consume<ForewarnEvent>(name, {
    groupId,
    decode: readRecord,
    partitionsConsumedConcurrently: ctx.config.DETECTOR_PARTITIONS_CONCURRENTLY,
    maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    minBytes: ctx.config.CONSUMER_MIN_BYTES,
    handleBatch: (msgs) => applyDetectorBatch(deps, msgs),
  });
}

/**
 * Two consumers with the same batch handler: the source topics (feed health, scans, inventory)
 * in the configured group, which the source watermark reads, and the domain topics in a group
 * of their own. kafkajs fetches again only when every batch of its last fetch is handled, so in
 * one consumer the order and shipment events waited behind the many small batches of carrier
 * scans; apart, each topic set has its own fetch loop.
 */
export async function startDetectorConsumer(ctx: ServiceContext<DetectorEnv>): Promise<Stoppable> {
  const started: ConsumerHandle[] = [];
  const stop = () => Promise.all(started.map((c) => c.stop())).then(() => undefined);
  try {
    for (const { name, groupId } of detectorConsumers(ctx.config.DETECTOR_CONSUMER_GROUP))
      started.push(await startConsumer(ctx, name, groupId));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
