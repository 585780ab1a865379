import { readRecord, type ForewarnEvent } from '@forewarn/contracts';
import type { ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext } from '@forewarn/runtime';
import { applyBatch } from '../db/apply-batch.js';
import { isOrderInput } from '../domain/events.js';

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
  // Topics and dead-letter topic from the order service's declaration (SERVICE_TOPICS.order).
  return ctx.consume<ForewarnEvent>('order', {
    groupId: opts.groupId,
    decode: readRecord,
    batchSize: opts.batchSize ?? 200,
    partitionsConsumedConcurrently: 2,
    maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    minBytes: ctx.config.CONSUMER_MIN_BYTES,
    handleBatch: async (msgs) => {
      await applyBatch(ctx.pool, msgs.map((m) => m.value).filter(isOrderInput));
    },
  });
}
