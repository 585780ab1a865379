import { readRecord, type ForewarnEvent } from '@forewarn/contracts';
import type { ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext } from '@forewarn/runtime';
import { applyPurchasingBatch } from '../db/purchasing.js';
import { isPurchasingEvent } from '../domain/purchase-order.js';

/**
 * The supplier projection's consumer (ERP purchasing topic, its own group): one transaction per
 * batch; redeliveries are dropped by the inbox, keyed by source system and event id.
 */
export function startSupplierConsumer(
  ctx: ServiceContext,
  opts: { batchSize?: number } = {},
): Promise<ConsumerHandle> {
  return ctx.consume<ForewarnEvent>('suppliers', {
    decode: readRecord,
    batchSize: opts.batchSize ?? 200,
    maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    minBytes: ctx.config.CONSUMER_MIN_BYTES,
    handleBatch: async (msgs) => {
      await applyPurchasingBatch(ctx.pool, msgs.map((m) => m.value).filter(isPurchasingEvent));
    },
  });
}
