import { deadLetterTopic, declaredTopic, decodeRecord, TOPIC } from '@forewarn/contracts';
import { runConsumer } from '@forewarn/kafka';
import type { ServiceDefinition } from '@forewarn/runtime';
import { shipmentEnv } from './config.js';
import { CONSUMER, createIngest } from './consumers/ingest.js';
import { handleOrderFacts, ORDER_FACTS_CONSUMER } from './consumers/order-facts.js';
import { migrations } from './db/migrations.js';
import type { SilencePolicy } from './domain/silence.js';
import { scorecardRoutes } from './routes/scorecard-routes.js';
import { shipmentsRoutes } from './routes/shipments-routes.js';
import { startHeldEventsPoller } from './timers/held-events-poller.js';
import { startNoScanPoller } from './timers/no-scan-poller.js';

const SOURCE_TOPICS = [TOPIC.wmsFulfilment, TOPIC.carrierTracking];
const DLQ = deadLetterTopic(CONSUMER);
const ORDER_FACTS_DLQ = deadLetterTopic(ORDER_FACTS_CONSUMER);

export const shipmentsService: ServiceDefinition<typeof shipmentEnv> = {
  name: 'shipment',
  schema: 'shipments',
  env: shipmentEnv,
  migrations,
  topics: [...SOURCE_TOPICS, TOPIC.orders, TOPIC.shipments, DLQ, ORDER_FACTS_DLQ].map(
    declaredTopic,
  ),
  consumes: [...SOURCE_TOPICS, TOPIC.orders],
  produces: [TOPIC.shipments],
  outbox: true,
  openapi: {
    title: 'Forewarn shipment service',
    description:
      'Shipments as Forewarn sees them: ship-confirms from the WMS folded with carrier scans, ETA updates and proofs of delivery.',
  },
  routes: async (app, ctx) => {
    await app.register(shipmentsRoutes, { pool: ctx.pool });
    await app.register(scorecardRoutes, { pool: ctx.pool, now: ctx.now });
  },
  start: async (ctx) => {
    const policy: SilencePolicy = {
      domesticHours: ctx.config.NO_SCAN_HOURS_DOMESTIC,
      internationalHours: ctx.config.NO_SCAN_HOURS_INTERNATIONAL,
    };
    const poller = startNoScanPoller({
      pool: ctx.pool,
      policy,
      now: ctx.now,
      intervalMs: ctx.config.TIMER_POLL_INTERVAL_MS,
      logger: ctx.logger.child({ component: 'no-scan-timers' }),
    });
    const consumer = await runConsumer({
      kafka: ctx.kafka,
      logger: ctx.logger,
      metrics: ctx.metrics,
      groupId: ctx.topic(ctx.config.CONSUMER_GROUP),
      topics: SOURCE_TOPICS.map(ctx.topic),
      deadLetterTopic: ctx.topic(DLQ),
      producer: ctx.producer,
      decode: decodeRecord,
      handleBatch: createIngest({ pool: ctx.pool, policy, now: ctx.now }),
      batchSize: ctx.config.CONSUMER_BATCH_SIZE,
      partitionsConsumedConcurrently: ctx.config.CONSUMER_CONCURRENCY,
      maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    });
    const orderFacts = await runConsumer({
      kafka: ctx.kafka,
      logger: ctx.logger,
      metrics: ctx.metrics,
      groupId: ctx.topic(`${ctx.config.CONSUMER_GROUP}-orders`),
      topics: [ctx.topic(TOPIC.orders)],
      deadLetterTopic: ctx.topic(ORDER_FACTS_DLQ),
      producer: ctx.producer,
      decode: decodeRecord,
      handleBatch: handleOrderFacts(ctx.pool),
      batchSize: ctx.config.CONSUMER_BATCH_SIZE,
      maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
    });
    const held = startHeldEventsPoller({
      pool: ctx.pool,
      holdMs: ctx.config.ORDER_FACTS_HOLD_MS,
      intervalMs: ctx.config.TIMER_POLL_INTERVAL_MS,
      logger: ctx.logger.child({ component: 'held-shipment-events' }),
    });
    // Stopped in reverse: the consumers first, then the pollers.
    return [poller, held, orderFacts, consumer];
  },
};
