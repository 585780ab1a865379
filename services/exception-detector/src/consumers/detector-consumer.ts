import { TOPIC, decodeEvent, deadLetterTopic, type ForewarnEvent } from '@forewarn/contracts';
import { processOnce, withTransaction } from '@forewarn/db';
import { runConsumer, type ConsumedMessage, type ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext } from '@forewarn/runtime';
import { policyResolver, type DetectorEnv } from '../config.js';
import { detectorStoreOf } from '../db/pg-store.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import { handleEvent, handleFeedEvent } from '../workflow/engine.js';
import { handleNotice } from '../workflow/notices.js';

/** Domain topics the rules read, and the source topics watched for feed health. */
export const RULE_TOPICS = [
  TOPIC.orders,
  TOPIC.shipments,
  TOPIC.wmsInventory,
  TOPIC.notifications,
] as const;
export const FEED_TOPICS = [
  TOPIC.erpOrders,
  TOPIC.erpInvoices,
  TOPIC.erpReturns,
  TOPIC.wmsFulfilment,
  TOPIC.wmsInventory,
  TOPIC.carrierTracking,
] as const;
export const CONSUMED_TOPICS = [...new Set([...RULE_TOPICS, ...FEED_TOPICS])];
export const DEAD_LETTER_TOPIC = deadLetterTopic('exception-detector');

const RULE_TYPES = /^(order\.|shipment\.|wms\.inventory\.adjusted$)/;

/**
 * Every message in its own transaction: the inbox marker (source system + event id), the
 * projections, cases, audit, timers and outbox rows commit together, so a redelivery or a
 * replay changes nothing.
 */
export async function startDetectorConsumer(
  ctx: ServiceContext<DetectorEnv>,
): Promise<ConsumerHandle> {
  const policyOf = policyResolver(ctx.config);
  const storeOf = detectorStoreOf(ctx.config);
  const group = ctx.config.DETECTOR_CONSUMER_GROUP;
  return runConsumer<ForewarnEvent>({
    kafka: ctx.kafka,
    groupId: ctx.topic(group),
    topics: CONSUMED_TOPICS.map(ctx.topic),
    deadLetterTopic: ctx.topic(DEAD_LETTER_TOPIC),
    decode: (msg: ConsumedMessage) => decodeEvent(msg.value ?? Buffer.alloc(0)).event,
    logger: ctx.logger,
    metrics: ctx.metrics,
    producer: ctx.producer,
    handler: async (msg) => {
      const event = msg.value;
      const now = ctx.now();
      const clocked = { policy: policyOf(event.tenantId), now };
      await withTransaction(ctx.pool, (client) =>
        processOnce(
          client,
          { consumer: group, messageId: `${event.sourceSystem}|${event.eventId}` },
          async (tx) => {
            const store = storeOf(tx);
            if (!event.sourceSystem.startsWith('forewarn:')) {
              await handleFeedEvent(store, event, clocked);
            }
            if (RULE_TYPES.test(event.type))
              await handleEvent(store, event as DetectorEvent, clocked);
            if (event.type === 'notification.sent') await handleNotice(store, event, clocked);
          },
        ),
      );
    },
  });
}
