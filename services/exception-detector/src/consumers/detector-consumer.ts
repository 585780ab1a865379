import {
  SERVICE_TOPICS,
  readRecord,
  type ForewarnEvent,
  type ShipmentConfirmed,
} from '@forewarn/contracts';
import { claimEvents, unseenEvents, withTransaction } from '@forewarn/db';
import { withSpan } from '@forewarn/observability';
import type { ConsumerHandle } from '@forewarn/kafka';
import { progressOf, recordProgress, type ServiceContext, type Stoppable } from '@forewarn/runtime';
import type pg from 'pg';
import { detectorPolicy, sentAtOf, writtenAtOf, type DetectorEnv } from '../config.js';
import { customersOfOrders, lockKeys } from '../db/locks.js';
import { detectorStoreOf } from '../db/pg-store.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import type { FeedMessage } from '../domain/rules/feed-rules.js';
import { handleEvent, handleFeedMessages, type Clocked } from '../workflow/engine.js';
import { keysOf } from '../workflow/locks.js';
import { handleNotice } from '../workflow/notices.js';
import type { Store } from '../workflow/store.js';
import { batchPlan } from './batch-plan.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

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

const RULE_TYPES = /^(order\.|shipment\.|wms\.inventory\.adjusted$)/;

/** One event's rule effects: rules for domain (and inventory) events, notices. */
async function applyEvent(store: Store, event: ForewarnEvent, ctx: Clocked): Promise<void> {
  if (
    event.type === 'carrier.tracking.scanned' ||
    event.type === 'carrier.proof-of-delivery.recorded'
  ) {
    const p = event.payload as { trackingNumber: string; scannedAt?: string; deliveredAt?: string };
    const at = p.scannedAt ?? p.deliveredAt;
    if (at) await store.recordScan(p.trackingNumber, at);
  }
  if (event.type === 'wms.shipment.confirmed') {
    const p = event.payload as ShipmentConfirmed['payload'];
    await store.recordShipped(p.orderId, p.shippedAt);
  }
  if (RULE_TYPES.test(event.type)) await handleEvent(store, event as DetectorEvent, ctx);
  if (event.type === 'notification.sent') await handleNotice(store, event, ctx);
}

/** Source messages of the batch by source system, for feed health. */
function feedGroups(msgs: readonly { event: ForewarnEvent; sentAt: Date; writtenAt: Date }[]) {
  const groups = new Map<string, { source: string; messages: FeedMessage[] }>();
  for (const { event, sentAt, writtenAt } of msgs) {
    if (event.sourceSystem.startsWith('forewarn:')) continue;
    const g = groups.get(event.sourceSystem) ?? { source: event.sourceSystem, messages: [] };
    g.messages.push({
      eventId: event.eventId,
      type: event.type,
      sentAt: sentAt.toISOString(),
      writtenAt: writtenAt.toISOString(),
    });
    groups.set(event.sourceSystem, g);
  }
  return [...groups.values()];
}

/**
 * The lock keys of a batch: what its events read and decide on (see workflow/locks.ts). The
 * customer of an order is read only for events that do not name it themselves.
 */
async function batchKeys(db: Queryable, events: readonly ForewarnEvent[]): Promise<string[]> {
  const orderIds = events.flatMap((e) => {
    const { orderId, customerId } = e.payload as { orderId?: unknown; customerId?: unknown };
    return typeof orderId === 'string' && !(typeof customerId === 'string' && customerId)
      ? [orderId]
      : [];
  });
  const customers = await customersOfOrders(db, orderIds);
  return events.flatMap((e) => keysOf(e, (id) => customers.get(id)));
}

/**
 * A batch of one partition's messages in one transaction: the inbox markers of the new events
 * (claimed with one multi-row insert), their projections, cases, audit, timers, CRM jobs and
 * outbox rows commit together, so a redelivery or a replay changes nothing. Events already in
 * the inbox are dropped by a lock-free read first, so a replayed batch opens no write
 * transaction. The batch first takes the locks of every order, customer, SKU and feed it
 * touches (sorted, one statement), so instances splitting the partitions never decide on half
 * of each other's writes. If the batch fails, runConsumer replays it one message per call (this
 * same function with one message), so a poison message reaches the DLQ alone.
 */
function startConsumer(
  ctx: ServiceContext<DetectorEnv>,
  name: string,
  groupId: string,
): Promise<ConsumerHandle> {
  const policy = detectorPolicy(ctx.config);
  const storeOf = detectorStoreOf(ctx.config);
  // One inbox for both consumers: their topics are disjoint, so are their events.
  const group = ctx.config.DETECTOR_CONSUMER_GROUP;
  return ctx.consume<ForewarnEvent>(name, {
    groupId,
    decode: readRecord,
    partitionsConsumedConcurrently: ctx.config.DETECTOR_PARTITIONS_CONCURRENTLY,
    maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    handleBatch: async (msgs) => {
      const events = msgs.map((m) => m.value);
      // A redelivered source message still proves its feed alive, so feed health reads every
      // message; rules only read events the inbox has not seen.
      const sources = msgs.filter((m) => !m.value.sourceSystem.startsWith('forewarn:'));
      // The inbox keys on (source system, event id): ids are unique per source only. A batch
      // with source messages opens its transaction anyway, where the claim alone sorts the new
      // events out; a batch of domain events reads the inbox first, so a replay opens none.
      const fresh = new Set(
        sources.length > 0 ? events : await unseenEvents(ctx.pool, group, events),
      );
      if (fresh.size === 0 && sources.length === 0) return;
      await withTransaction(ctx.pool, async (client) => {
        const candidates = msgs.filter(
          (m) => fresh.has(m.value) || !m.value.sourceSystem.startsWith('forewarn:'),
        );
        await lockKeys(
          client,
          await batchKeys(
            client,
            candidates.map((m) => m.value),
          ),
        );
        const now = ctx.now();
        const claimed = new Set(await claimEvents(client, group, [...fresh]));
        const applied = msgs.filter((m) => claimed.has(m.value));
        const sent = sources.map((m) => ({
          event: m.value,
          sentAt: sentAtOf(ctx.config, m, now),
          writtenAt: writtenAtOf(ctx.config, m, now),
        }));
        const feeds = feedGroups(sent);
        const store = storeOf(client);
        // The detection stage of a trace: loading what the rules read, the rules, the writes.
        await withSpan(
          'detect',
          { stage: 'detect', attributes: { 'forewarn.events': applied.length } },
          async () => {
            await store.preload(
              batchPlan(
                applied.map((m) => m.value),
                feeds,
              ),
            );
            for (const m of applied) await applyEvent(store, m.value, { policy, now });
            for (const g of feeds)
              await handleFeedMessages(store, g.source, g.messages, { policy, now });
            await store.flush();
          },
        );
        await recordProgress(
          client,
          progressOf(sources, (i) => sent[i]!.sentAt),
        );
      });
    },
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
