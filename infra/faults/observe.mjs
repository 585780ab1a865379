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
      // Inboxes keyed on (source, event id) have a source column; older ones packed it in the id.
      const { rows: sourced } = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'inbox' AND column_name = 'source'`,
        [schema],
      );
      const source = sourced.length ? 'source' : `''`;
      const { rows } = await c.query(
        `SELECT consumer, ${source} AS source, message_id FROM "${schema}".inbox`,
      );
      for (const r of rows) inbox.push(`${schema}/${r.consumer}/${r.source}|${r.message_id}`);
    }
    const received = (
      await c.query(`SELECT source_system, event_id FROM ingestion.received_events`)
    ).rows.map((r) => `${r.source_system}/${r.event_id}`);
    // When each case opened and resolved (sim time), and the evidence it cites: how the
    // silence-driven duplicates are told from legitimate ones (compare.mjs).
    const cases = (
      await c.query(
        `SELECT case_type, subject_kind, subject_id, origin, status, opened_at,
                data -> 'resolution' ->> 'at' AS resolved_at,
                coalesce((SELECT jsonb_agg(e ->> 'eventId') FROM jsonb_array_elements(data -> 'evidence') e), '[]') AS evidence
           FROM detector.cases ORDER BY opened_at, case_id`,
      )
    ).rows.map((r) => ({
      key: `${r.case_type}|${r.subject_kind}:${r.subject_id}`,
      origin: r.origin,
      status: r.status,
      openedAt: r.opened_at.toISOString(),
      resolvedAt: r.resolved_at ?? null,
      evidence: r.evidence,
    }));
    const notices = (
      await c.query(
        // A case's id is drawn afresh each run; its type and subject are what a run repeats.
        `SELECT n.notice_id, n.contact_id, n.channel, n.idempotency_key, n.template, n.status,
                coalesce(c.case_type || '|' || c.subject_kind || ':' || c.subject_id, n.case_id, '') AS case_key,
                coalesce(n.order_id, '') AS order_id, coalesce(n.shipment_id, '') AS shipment_id,
                n.trigger_type
           FROM notifications.notices n
           LEFT JOIN detector.cases c ON c.case_id::text = n.case_id`,
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

/**
 * Work still in flight: notices not final, outbox rows not yet published. A notice pending for
 * later than `simNow` (deferred past quiet hours beyond where the day's clock stops) is not in
 * flight: on the stopped clock it never falls due, in the baseline as in every scenario.
 */
export async function readPending(databaseUrl, simNow = new Date(8.64e15)) {
  return withClient(databaseUrl, async (c) => {
    const pending = {};
    const notices = await c.query(
      `SELECT count(*)::int AS n FROM notifications.notices
       WHERE status IN ('sending', 'unknown') OR (status = 'pending' AND next_attempt_at <= $1)`,
      [simNow],
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
