// Throughput of the shipment service's hot path: N source events (ship-confirm, three scans,
// an ETA update and a proof of delivery per shipment) are produced to fresh topics first, then
// the service is started and timed until its read model holds every event and every shipment
// is delivered. Usage (after `pnpm turbo run build --filter=@forewarn/shipment...`):
//   node services/shipment/bench/throughput.mjs [events=30000]
// Env: KAFKA_BROKERS (127.0.0.1:9092), DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeEvent, keyFor, TOPIC } from '@forewarn/contracts';
import {
  sampleEtaUpdated,
  sampleProofOfDeliveryRecorded,
  sampleShipmentConfirmed,
  sampleTrackingScanned,
} from '@forewarn/contracts/fixtures';
import { startService } from '@forewarn/runtime';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { shipmentsService } from '../dist/service.js';

const EVENTS_PER_SHIPMENT = 6;
const total = Number(process.argv[2] ?? 30_000);
const shipments = Math.ceil(total / EVENTS_PER_SHIPMENT);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const id = randomBytes(4).toString('hex');
const prefix = `bench.${id}.`;
const dbName = `fw_bench_${id}`;
const iso = (t) => new Date(t).toISOString();

function story(i) {
  const shipmentId = `SHP-B${i}`;
  const tn = `1ZB${String(i).padStart(8, '0')}`;
  const orderId = `SO-B${i}`;
  const shipped = Date.parse('2025-03-03T12:00:00Z') + (i % 5_000) * 60_000;
  const refs = {
    customerId: `C-${i % 200}`,
    orderId,
    poNumber: `PO-B${i}`,
    shipmentId,
    trackingNumbers: [tn],
  };
  const carrier = { occurredAt: '', refs: { trackingNumbers: [tn] } };
  const scan = (status, h) =>
    sampleTrackingScanned({
      ...carrier,
      occurredAt: iso(shipped + h * 3.6e6),
      payload: { trackingNumber: tn, status, scannedAt: iso(shipped + h * 3.6e6) },
    });
  return [
    sampleShipmentConfirmed({
      occurredAt: iso(shipped),
      refs,
      payload: {
        shipmentId,
        orderId,
        trackingNumbers: [tn],
        shippedAt: iso(shipped),
        international: i % 10 === 0,
        cartons: [
          {
            cartonId: `CT-B${i}`,
            trackingNumber: tn,
            lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', qty: 1 + (i % 50) }],
          },
        ],
      },
    }),
    scan('picked_up', 2),
    scan('in_transit', 9),
    sampleEtaUpdated({
      ...carrier,
      occurredAt: iso(shipped + 10 * 3.6e6),
      payload: { trackingNumber: tn, newEta: iso(shipped + 50 * 3.6e6), previousEta: null },
    }),
    scan('out_for_delivery', 40),
    sampleProofOfDeliveryRecorded({
      ...carrier,
      occurredAt: iso(shipped + 44 * 3.6e6),
      payload: { trackingNumber: tn, deliveredAt: iso(shipped + 44 * 3.6e6) },
    }),
  ];
}

const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(baseUrl);
dbUrl.pathname = `/${dbName}`;

const kafka = new Kafka({ clientId: 'shipment-bench', brokers, logLevel: logLevel.NOTHING });
const kadmin = kafka.admin();
await kadmin.connect();
const topics = [TOPIC.wmsFulfilment, TOPIC.carrierTracking].map((t) => `${prefix}${t}`);
await kadmin.createTopics({
  waitForLeaders: true,
  topics: topics.map((topic) => ({ topic, numPartitions: 6 })),
});
const producer = kafka.producer({ idempotent: true });
await producer.connect();
const byTopic = new Map(topics.map((t) => [t, []]));
for (let i = 0; i < shipments; i++) {
  for (const e of story(i)) {
    const topic = `${prefix}${e.type.startsWith('wms.') ? TOPIC.wmsFulfilment : TOPIC.carrierTracking}`;
    byTopic.get(topic).push({ key: keyFor(e), value: encodeEvent(e) });
  }
}
for (const [topic, messages] of byTopic) {
  for (let i = 0; i < messages.length; i += 2_000)
    await producer.send({ topic, messages: messages.slice(i, i + 2_000) });
}
const produced = shipments * EVENTS_PER_SHIPMENT;
console.log(`produced ${produced} events (${shipments} shipments) to ${prefix}*`);

const started = Date.now();
const svc = await startService(shipmentsService, {
  handleSignals: false,
  now: () => new Date('2025-01-01T00:00:00Z'), // keep the no-scan poller out of the measurement
  env: {
    HTTP_PORT: '0',
    DATABASE_URL: dbUrl.toString(),
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_MAX: '12',
    CONSUMER_CONCURRENCY: process.env.CONSUMER_CONCURRENCY ?? '3',
  },
});
const count = async (sql) => Number((await svc.ctx.pool.query(sql)).rows[0].n);
for (;;) {
  const stored = await count('SELECT count(*) AS n FROM events');
  const delivered = await count(`SELECT count(*) AS n FROM shipments WHERE status = 'delivered'`);
  if (stored >= produced && delivered >= shipments) break;
  await sleep(200);
}
const seconds = (Date.now() - started) / 1000;
const emitted = await count('SELECT count(*) AS n FROM emitted');
console.log(
  `${produced} events -> ${shipments} delivered shipments, ${emitted} domain events in ${seconds.toFixed(1)} s: ` +
    `${Math.round(produced / seconds)} events/s (including service start-up and group join)`,
);

await svc.stop();
await producer.disconnect();
await kadmin.deleteTopics({
  topics: (await kadmin.listTopics()).filter((t) => t.startsWith(prefix)),
});
await kadmin.disconnect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.end();
