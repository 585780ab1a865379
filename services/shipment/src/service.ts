import { readRecord, SERVICE_TOPICS } from '@forewarn/contracts';
import { sentAtOf, sourceWatermark, type ServiceDefinition } from '@forewarn/runtime';
import { shipmentEnv } from './config.js';
import { createIngest } from './consumers/ingest.js';
import { handleOrderFacts } from './consumers/order-facts.js';
import { migrations } from './db/migrations.js';
import type { SilencePolicy } from './domain/silence.js';
import { scorecardRoutes } from './routes/scorecard-routes.js';
import { shipmentsRoutes } from './routes/shipments-routes.js';
import { startHeldEventsPoller } from './timers/held-events-poller.js';
import { startNoScanPoller } from './timers/no-scan-poller.js';

export const shipmentsService: ServiceDefinition<typeof shipmentEnv> = {
  name: 'shipment',
  schema: 'shipments',
  env: shipmentEnv,
  migrations,
  declares: SERVICE_TOPICS.shipment,
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
    const admin = ctx.kafka.admin();
    await admin.connect();
    const poller = startNoScanPoller({
      pool: ctx.pool,
      policy,
      now: ctx.now,
      intervalMs: ctx.config.TIMER_POLL_INTERVAL_MS,
      logger: ctx.logger.child({ component: 'no-scan-timers' }),
      // The ingest consumer's progress: a timer waits until its topics are read to its due time.
      watermark: sourceWatermark({
        admin,
        pool: ctx.pool,
        groupId: ctx.topic(ctx.config.CONSUMER_GROUP),
        topics: SERVICE_TOPICS.shipment.consumers.ingest.topics.map(ctx.topic),
        idleMs: ctx.config.SOURCE_IDLE_MS,
      }),
    });
    // Groups, topics and dead-letter topics: SERVICE_TOPICS.shipment.
    const consumer = await ctx.consume('ingest', {
      groupId: ctx.config.CONSUMER_GROUP,
      decode: readRecord,
      handleBatch: createIngest({
        pool: ctx.pool,
        policy,
        now: ctx.now,
        sentAt: (msg) => sentAtOf(ctx.config, msg, ctx.now()),
      }),
      batchSize: ctx.config.CONSUMER_BATCH_SIZE,
      partitionsConsumedConcurrently: ctx.config.CONSUMER_CONCURRENCY,
      maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
      minBytes: ctx.config.CONSUMER_MIN_BYTES,
    });
    const orderFacts = await ctx.consume('orderFacts', {
      groupId: `${ctx.config.CONSUMER_GROUP}-orders`,
      decode: readRecord,
      handleBatch: handleOrderFacts(ctx.pool),
      batchSize: ctx.config.CONSUMER_BATCH_SIZE,
      maxWaitTimeInMs: ctx.config.CONSUMER_MAX_WAIT_MS,
      minBytes: ctx.config.CONSUMER_MIN_BYTES,
    });
    const held = startHeldEventsPoller({
      pool: ctx.pool,
      holdMs: ctx.config.ORDER_FACTS_HOLD_MS,
      intervalMs: ctx.config.TIMER_POLL_INTERVAL_MS,
      logger: ctx.logger.child({ component: 'held-shipment-events' }),
    });
    // Stopped in reverse: the consumers first, then the pollers, then the admin they read with.
    return [{ stop: () => admin.disconnect() }, poller, held, orderFacts, consumer];
  },
};
