import { deadLetterTopic, decodeRecord, type ForewarnEvent } from '@forewarn/contracts';
import { runConsumer, type ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext } from '@forewarn/runtime';
import { applyBatch } from '../db/apply-batch.js';
import { isOrderInput, ORDER_INPUT_TOPICS } from '../domain/events.js';

export const CONSUMED_TOPICS = ORDER_INPUT_TOPICS;

export const DEAD_LETTER_TOPIC = deadLetterTopic('order');

export interface OrderConsumerOptions {
  /** Consumer group (unprefixed); a new group replays the topics from the beginning. */
  groupId: string;
  batchSize?: number;
}

/** Batched consumer: one applyBatch transaction per chunk of up to `batchSize` messages. */
export function startOrderConsumer(
  ctx: ServiceContext,
  opts: OrderConsumerOptions,
): Promise<ConsumerHandle> {
  return runConsumer<ForewarnEvent>({
    kafka: ctx.kafka,
    logger: ctx.logger,
    metrics: ctx.metrics,
    producer: ctx.producer,
    groupId: ctx.topic(opts.groupId),
    topics: CONSUMED_TOPICS.map(ctx.topic),
    deadLetterTopic: ctx.topic(DEAD_LETTER_TOPIC),
    decode: decodeRecord,
    batchSize: opts.batchSize ?? 200,
    partitionsConsumedConcurrently: 2,
    maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    handleBatch: async (msgs) => {
      await applyBatch(ctx.pool, msgs.map((m) => m.value).filter(isOrderInput));
    },
  });
}
