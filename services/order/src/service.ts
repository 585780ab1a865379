import { SERVICE_TOPICS } from '@forewarn/contracts';
import type { ServiceDefinition } from '@forewarn/runtime';
import { orderEnv } from './config.js';
import { startOrderConsumer } from './consumers/order-consumer.js';
import { startSupplierConsumer } from './consumers/supplier-consumer.js';
import { migrations } from './db/migrations.js';
import { kpiRoutes } from './routes/kpis.js';
import { ordersRoutes } from './routes/orders.js';
import { promiseRoutes } from './routes/promise.js';
import { supplierRoutes } from './routes/suppliers.js';
import { sourceEventsProvider } from './routes/timeline-sources.js';

export const ordersService: ServiceDefinition<typeof orderEnv> = {
  name: 'order',
  schema: 'orders',
  env: orderEnv,
  migrations,
  declares: SERVICE_TOPICS.order,
  outbox: true,
  openapi: {
    title: 'Forewarn order service',
    description:
      'The live state of every order (ERP + WMS + shipments), its unified timeline, the order domain events, and supplier scorecards from ERP purchasing.',
  },
  routes: async (app, ctx) => {
    await app.register(ordersRoutes, {
      pool: ctx.pool,
      timeline: [sourceEventsProvider(ctx.pool)],
    });
    await app.register(kpiRoutes, { pool: ctx.pool });
    await app.register(promiseRoutes, { pool: ctx.pool });
    await app.register(supplierRoutes, { pool: ctx.pool, now: ctx.now });
  },
  start: async (ctx) => [
    await startOrderConsumer(ctx, {
      groupId: ctx.config.ORDER_CONSUMER_GROUP,
      batchSize: ctx.config.ORDER_BATCH_SIZE,
    }),
    await startSupplierConsumer(ctx, { batchSize: ctx.config.ORDER_BATCH_SIZE }),
  ],
};
