import { TOPIC, decodeEvent, deadLetterTopic, type ForewarnEvent } from '@forewarn/contracts';
import { filterUnprocessed, markProcessed, withTransaction } from '@forewarn/db';
import { runConsumer, type ConsumedMessage, type ConsumerHandle } from '@forewarn/kafka';
import type { ServiceContext } from '@forewarn/runtime';
import { policyResolver, type DetectorEnv } from '../config.js';
import { detectorStoreOf } from '../db/pg-store.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import { handleEvent, handleFeedEvent, type Clocked } from '../workflow/engine.js';
import { handleNotice } from '../workflow/notices.js';
import type { Store } from '../workflow/store.js';

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

/** The inbox id of an event: source system and event id (ids are unique per source only). */
const inboxId = (e: ForewarnEvent): string => `${e.sourceSystem}|${e.eventId}`;

/** One event's effects: feed health for source events, rules for domain events, notices. */
async function applyEvent(store: Store, event: ForewarnEvent, ctx: Clocked): Promise<void> {
  if (!event.sourceSystem.startsWith('forewarn:')) await handleFeedEvent(store, event, ctx);
  if (RULE_TYPES.test(event.type)) await handleEvent(store, event as DetectorEvent, ctx);
  if (event.type === 'notification.sent') await handleNotice(store, event, ctx);
}

/**
 * A batch of one partition's messages in one transaction: the inbox markers of the new events
 * (claimed with one multi-row insert), their projections, cases, audit, timers, CRM jobs and
 * outbox rows commit together, so a redelivery or a replay changes nothing. Events already in
 * the inbox are dropped by a lock-free read first, so a replayed batch opens no write
 * transaction. If the batch fails, runConsumer replays it one message per call (this same
 * function with one message), so a poison message reaches the DLQ alone.
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
    handleBatch: async (msgs) => {
      const events = msgs.map((m) => m.value);
      const fresh = new Set(await filterUnprocessed(ctx.pool, group, events.map(inboxId)));
      if (fresh.size === 0) return;
      await withTransaction(ctx.pool, async (client) => {
        const claimed = new Set(await markProcessed(client, group, [...fresh]));
        const store = storeOf(client);
        for (const event of events) {
          // delete: an event twice in one batch is applied once.
          if (!claimed.delete(inboxId(event))) continue;
          await applyEvent(store, event, { policy: policyOf(event.tenantId), now: ctx.now() });
        }
      });
    },
  });
}
