// Throughput of the order service: N realistic source events pre-produced to a fresh topic
// prefix, then the real service (in-process, real Kafka and PostgreSQL) consumes them; we time
// from "consumer running" until every event is in the event store and every order in the read
// model. Run after `pnpm --filter @forewarn/order build`:
//   node services/order/bench/throughput.mjs [events=20000]
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeEvent, keyFor, eventTypeByName, topicConfig, topics } from '@forewarn/contracts';
import * as fx from '@forewarn/contracts/fixtures';
import { startService } from '@forewarn/runtime';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { ordersService } from '../dist/service.js';

const target = Number(process.argv[2] ?? 20_000);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const batchSize = process.env.ORDER_BATCH_SIZE ?? '200';
const id = randomBytes(4).toString('hex');
const prefix = `bench.${id}.`;
const dbName = `fwbench_${id}`;

/** One order's life: ERP, WMS, invoice, shipment service and a return (10 events). */
function lifecycle(n) {
  const orderId = `SO-B${n}`;
  const shipmentId = `SHP-B${n}`;
  const customerId = `C-${n % 50}`;
  const refs = { orderId, customerId, poNumber: `PO-B${n}` };
  const o = { refs, payload: { orderId, customerId } };
  const s = { refs, payload: { orderId, shipmentId, customerId } };
  return [
    fx.sampleOrderCreated({ refs, payload: { orderId, customerId, poNumber: refs.poNumber } }),
    fx.sampleAllocationUpdated(o),
    fx.sampleWaveReleased(o),
    fx.samplePickCompleted(o),
    fx.samplePackCompleted(o),
    fx.sampleShipmentConfirmed(s),
    fx.sampleInvoiceIssued(o),
    fx.sampleShipmentStatusChanged(s),
    fx.sampleShipmentDelivered(s),
    fx.sampleReturnReceived(o),
  ];
}

const PER_ORDER = lifecycle(0).length;
const orders = Math.ceil(target / PER_ORDER);
const events = Array.from({ length: orders }, (_, n) => lifecycle(n)).flat();

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;

const kafka = new Kafka({ clientId: 'order-bench', brokers, logLevel: logLevel.NOTHING });
const kadmin = kafka.admin();
await kadmin.connect();
await kadmin.createTopics({
  waitForLeaders: true,
  topics: ['erpOrders', 'erpInvoices', 'erpReturns', 'wmsFulfilment', 'shipments'].map((k) =>
    topicConfig(topics[k], prefix),
  ),
});

const producer = kafka.producer();
await producer.connect();
const produceStart = performance.now();
const byTopic = new Map();
for (const e of events) {
  const topic = `${prefix}${eventTypeByName(e.type).topic}`;
  if (!byTopic.has(topic)) byTopic.set(topic, []);
  byTopic.get(topic).push({ key: keyFor(e), value: encodeEvent(e) });
}
for (const [topic, messages] of byTopic) {
  for (let i = 0; i < messages.length; i += 1000) {
    await producer.send({ topic, messages: messages.slice(i, i + 1000) });
  }
}
const produceSeconds = (performance.now() - produceStart) / 1000;
await producer.disconnect();

const startAt = performance.now();
const svc = await startService(ordersService, {
  handleSignals: false,
  env: {
    HTTP_PORT: '0',
    DATABASE_URL: dbUrl.toString(),
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ORDER_BATCH_SIZE: batchSize,
  },
});
const t0 = performance.now();
const count = async (sql) => Number((await svc.ctx.pool.query(sql)).rows[0].n);
let stored = 0;
let written = 0;
for (;;) {
  stored = await count('SELECT count(*) AS n FROM orders.order_events');
  written = await count('SELECT count(*) AS n FROM orders.orders');
  if (stored >= events.length && written >= orders) break;
  if (performance.now() - t0 > 600_000) break;
  await sleep(100);
}
const seconds = (performance.now() - t0) / 1000;
const emitted = await count('SELECT count(*) AS n FROM orders.order_emissions');
const metrics = await (await globalThis.fetch(`${svc.url}/metrics`)).text();
const metric = (name) =>
  metrics
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes('mode="batch"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
await svc.stop();

console.log(
  JSON.stringify(
    {
      benchmark: 'order-service-throughput',
      events: events.length,
      orders,
      eventsStored: stored,
      ordersInReadModel: written,
      domainEventsEmitted: emitted,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(stored / seconds),
      handleBatchCalls: metric('forewarn_kafka_handle_duration_seconds_count'),
      handleBatchSeconds: Number(metric('forewarn_kafka_handle_duration_seconds_sum').toFixed(2)),
      startupSeconds: Number(((t0 - startAt) / 1000).toFixed(2)),
      produceSeconds: Number(produceSeconds.toFixed(2)),
      batchSize: Number(batchSize),
      partitionsPerTopic: topics.erpOrders.partitions,
      node: process.version,
      cpus: cpus().length,
    },
    null,
    2,
  ),
);

const ours = (await kadmin.listTopics()).filter((t) => t.startsWith(prefix));
await kadmin.deleteTopics({ topics: ours }).catch(() => undefined);
await kadmin.disconnect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.end();
