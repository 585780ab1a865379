// What a run left behind, read from the services' own tables and the broker: the observation
// a scenario is compared by. Plain data out, so compare.mjs stays pure.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// infra/ is no package: borrow the simulator's resolution of its own dependencies.
const require = createRequire(path.join(root, 'packages/simulator/package.json'));
const pg = require('pg');
const { Kafka, logLevel } = require('kafkajs');

const SCHEMAS = ['orders', 'shipments', 'detector', 'notifications', 'ingestion'];

async function withClient(databaseUrl, fn) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function tableExists(client, schema, table) {
  const { rows } = await client.query(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`,
    [schema, table],
  );
  return rows.length > 0;
}

/**
 * Every message each consumer applied (its inbox), every source event ingestion accepted, the
 * cases, the notices and every provider call the notification service logged.
 */
export async function readTables(databaseUrl) {
  return withClient(databaseUrl, async (c) => {
    const inbox = [];
    for (const schema of SCHEMAS) {
      if (!(await tableExists(c, schema, 'inbox'))) continue;
      const { rows } = await c.query(`SELECT consumer, message_id FROM "${schema}".inbox`);
      for (const r of rows) inbox.push(`${schema}/${r.consumer}/${r.message_id}`);
    }
    const received = (
      await c.query(`SELECT source_system, event_id FROM ingestion.received_events`)
    ).rows.map((r) => `${r.source_system}/${r.event_id}`);
    const cases = (
      await c.query(`SELECT case_type, subject_kind, subject_id, origin FROM detector.cases`)
    ).rows.map((r) => ({
      key: `${r.case_type}|${r.subject_kind}:${r.subject_id}`,
      origin: r.origin,
    }));
    const notices = (
      await c.query(
        `SELECT notice_id, contact_id, channel, idempotency_key, template, status,
                coalesce(case_id, '') AS case_id, coalesce(order_id, '') AS order_id,
                coalesce(shipment_id, '') AS shipment_id, trigger_type
           FROM notifications.notices`,
      )
    ).rows;
    const attempts = (
      await c.query(
        `SELECT notice_id::text, count(*)::int AS n FROM notifications.delivery_log
          WHERE kind IN ('attempt', 'recovery') AND outcome IN ('sent', 'delivered', 'accepted')
          GROUP BY 1`,
      )
    ).rows;
    const outcomes = (
      await c.query(
        `SELECT kind, outcome, count(*)::int AS n FROM notifications.delivery_log GROUP BY 1, 2`,
      )
    ).rows;
    return { inbox, received, cases, notices, attempts, outcomes };
  });
}

/** Work still in flight: notices not final, outbox rows not yet published. */
export async function readPending(databaseUrl) {
  return withClient(databaseUrl, async (c) => {
    const pending = {};
    const notices = await c.query(
      `SELECT count(*)::int AS n FROM notifications.notices WHERE status IN ('pending', 'sending', 'unknown')`,
    );
    pending['notices pending'] = notices.rows[0].n;
    for (const schema of SCHEMAS) {
      if (!(await tableExists(c, schema, 'outbox'))) continue;
      const cols = (
        await c.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbox'`,
          [schema],
        )
      ).rows.map((r) => r.column_name);
      const where = cols.includes('published_at') ? 'WHERE published_at IS NULL' : '';
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM "${schema}".outbox ${where}`);
      pending[`${schema} outbox`] = rows[0].n;
    }
    const sizes = await c.query(
      `SELECT (SELECT count(*) FROM detector.cases)::int AS cases,
              (SELECT count(*) FROM notifications.notices)::int AS notices`,
    );
    return { pending, sizes: sizes.rows[0] };
  });
}

function kafkaClient(brokers) {
  return new Kafka({ clientId: 'forewarn-faults', brokers, logLevel: logLevel.NOTHING });
}

/**
 * Every message in the run's dlq.* topics: the topic, why (dlq.reason), where it came from and
 * the original bytes, read from the beginning up to the high watermark.
 */
export async function readDeadLetters(brokers, topicPrefix) {
  const kafka = kafkaClient(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const out = [];
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${topicPrefix}dlq.`));
    const ends = new Map();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const left = offsets.filter((o) => Number(o.high) > Number(o.low));
      if (left.length) ends.set(topic, new Map(left.map((o) => [o.partition, Number(o.high)])));
    }
    if (ends.size === 0) return out;
    const consumer = kafka.consumer({ groupId: `forewarn-faults-reader-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [...ends.keys()], fromBeginning: true });
    const remaining = () => [...ends.values()].reduce((s, m) => s + m.size, 0);
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`dead letters not read within 60 s (${remaining()} partitions left)`)),
          60_000,
        );
        consumer
          .run({
            eachMessage: async ({ topic, partition, message }) => {
              const h = (k) => message.headers?.[k]?.toString() ?? '';
              out.push({
                topic: topic.slice(topicPrefix.length),
                reason: h('dlq.reason'),
                error: h('dlq.error').slice(0, 200),
                source: h('dlq.source.topic').slice(topicPrefix.length),
                value: message.value ? message.value.toString('base64') : '',
              });
              const parts = ends.get(topic);
              if (parts && Number(message.offset) + 1 >= (parts.get(partition) ?? 0)) {
                parts.delete(partition);
                if (parts.size === 0) ends.delete(topic);
              }
              if (ends.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.disconnect();
  }
  return out;
}
