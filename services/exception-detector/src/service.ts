import { SERVICE_TOPICS } from '@forewarn/contracts';
import { sourceWatermark, type ServiceDefinition } from '@forewarn/runtime';
import { crmRetryPolicy, detectorEnv, detectorPolicy, timerGraceMs } from './config.js';
import { FEED_TOPICS, startDetectorConsumer } from './consumers/detector-consumer.js';
import { consoleRoutes } from './console/console-routes.js';
import { upstreamRoutes } from './console/upstream-routes.js';
import { startCrmWorker } from './crm/worker.js';
import { migrations } from './db/migrations.js';
import { detectorStoreOf } from './db/pg-store.js';
import { casesRoutes } from './routes/cases-routes.js';
import { crmRoutes } from './routes/crm-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { orderCasesRoutes } from './routes/order-cases-routes.js';
import { kpisRoutes } from './routes/kpis-routes.js';
import { startTimerPoller } from './timers/poller.js';

export const detectorService: ServiceDefinition<typeof detectorEnv> = {
  name: 'exception-detector',
  schema: 'detector',
  env: detectorEnv,
  migrations,
  declares: SERVICE_TOPICS['exception-detector'],
  outbox: true,
  openapi: {
    title: 'Forewarn exception-detector service',
    description:
      'Exception cases, already open, explained and on the clock: the CSR queue, case detail, actions, customer requests and CRM sync.',
  },
  routes: async (app, ctx) => {
    await app.register(casesRoutes, {
      pool: ctx.pool,
      storeOf: detectorStoreOf(ctx.config),
      now: ctx.now,
      policy: detectorPolicy(ctx.config),
      // Who signs in, by name and role: reassignment names one of them. Never the keys.
      users: (ctx.config.API_KEYS ?? []).map(({ name, role }) => ({ name, role })),
    });
    await app.register(crmRoutes, { pool: ctx.pool, now: ctx.now });
    await app.register(kpisRoutes, { pool: ctx.pool, now: ctx.now });
    await app.register(dashboardRoutes, { pool: ctx.pool, now: ctx.now });
    await app.register(orderCasesRoutes, { pool: ctx.pool });
    await app.register(consoleRoutes);
    await app.register(upstreamRoutes, { upstreams: ctx.config.CONSOLE_UPSTREAMS });
  },
  start: async (ctx) => {
    const admin = ctx.kafka.admin();
    await admin.connect();
    // Listed first, so it is stopped last: the poller reads offsets with it until it stops.
    return [
      { stop: () => admin.disconnect() },
      await startDetectorConsumer(ctx),
      startTimerPoller({
        pool: ctx.pool,
        storeOf: detectorStoreOf(ctx.config),
        now: ctx.now,
        policy: detectorPolicy(ctx.config),
        logger: ctx.logger,
        intervalMs: ctx.config.TIMER_POLL_INTERVAL_MS,
        graceMs: timerGraceMs(ctx.config),
        armedGraceMs: ctx.config.DETECTOR_TIMER_GRACE_MS,
        watermark: sourceWatermark({
          admin,
          pool: ctx.pool,
          groupId: ctx.topic(ctx.config.DETECTOR_CONSUMER_GROUP),
          topics: FEED_TOPICS.map(ctx.topic),
          idleMs: ctx.config.DETECTOR_SOURCE_IDLE_MS,
        }),
      }),
      startCrmWorker({
        pool: ctx.pool,
        now: ctx.now,
        targets: ctx.config.CRM_TARGETS,
        logger: ctx.logger,
        metrics: ctx.metrics,
        retry: crmRetryPolicy(ctx.config),
        intervalMs: ctx.config.CRM_POLL_INTERVAL_MS,
      }),
    ];
  },
};
