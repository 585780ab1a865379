import {
  allServiceTopics,
  allTopics,
  deadLetterTopic,
  encodeEvent,
  TOPIC,
  type ConsumerDeclaration,
  type ForewarnEvent,
  type ServiceTopics,
} from '@forewarn/contracts';
import { samplesByType } from '@forewarn/contracts/fixtures';
import { createTestEnv, eventually, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import kafkajs, { type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService, type ServiceDefinition } from './service.js';

/**
 * Every service, started in-process from its built definition (as `pnpm docs` reads them, so a
 * new service is covered without a list), on one prefix and database: each source topic gets
 * one JSON and one Confluent-framed Avro record and one malformed record, and every consumer
 * group that reads the topic, as its service runs it, must apply the valid two and dead-letter
 * the malformed one with its reason. The groups on the broker must be exactly the declared ones.
 */
const SERVICES_DIR = fileURLToPath(new URL('../../../services/', import.meta.url));

const isDefinition = (v: unknown): v is ServiceDefinition =>
  v !== null &&
  typeof v === 'object' &&
  typeof (v as ServiceDefinition).name === 'string' &&
  typeof (v as ServiceDefinition).schema === 'string' &&
  Array.isArray((v as ServiceDefinition).migrations);

async function loadDefinitions(): Promise<ServiceDefinition[]> {
  const defs: ServiceDefinition[] = [];
  for (const dir of readdirSync(SERVICES_DIR).sort()) {
    const file = `${SERVICES_DIR}${dir}/dist/service.js`;
    if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first`);
    const found = Object.values(
      (await import(pathToFileURL(file).href)) as Record<string, unknown>,
    ).filter(isDefinition);
    if (found.length !== 1) throw new Error(`services/${dir}: expected one service definition`);
    defs.push(found[0]!);
  }
  return defs;
}

/** One sample type per source topic that every reader of the topic acts on. */
const SAMPLE_TYPE: Record<string, string> = {
  [TOPIC.erpOrders]: 'erp.order.created',
  [TOPIC.erpInvoices]: 'erp.invoice.issued',
  [TOPIC.erpReturns]: 'erp.return.authorised',
  [TOPIC.erpPurchasing]: 'erp.purchase-order.issued',
  [TOPIC.wmsFulfilment]: 'wms.shipment.confirmed',
  [TOPIC.wmsInventory]: 'wms.inventory.adjusted',
  [TOPIC.carrierTracking]: 'carrier.tracking.scanned',
};

interface Reader {
  service: ServiceTopics;
  consumer: ConsumerDeclaration;
}

const sourceTopics = allTopics.filter((t) => t.kind === 'source').map((t) => t.name);
const readersOf = (topic: string): Reader[] =>
  allServiceTopics.flatMap((service) =>
    Object.values(service.consumers)
      .filter((c) => c.topics.some((t) => t === topic))
      .map((consumer) => ({ service, consumer })),
  );

async function readAll(env: TestEnv, topic: string, atLeast: number): Promise<KafkaMessage[]> {
  const consumer = env.kafka.consumer({ groupId: `${env.prefix}reader.${randomUUID()}` });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await eventually(() => (seen.length >= atLeast ? true : undefined), {
      what: `${atLeast} records on ${topic}`,
      timeoutMs: 30_000,
    });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('every consumer of every source topic, as its service runs it (integration)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const running: RunningService[] = [];
  const schemaOf = new Map<string, string>();
  // Per topic: the valid records' event ids and the malformed record's bytes.
  const sent = new Map<string, { ids: string[]; bad: Buffer }>();
  // What each topic's test found settled, for the dead-letter check at the end.
  const expected: { who: string; group: string; dlq: string; bad: Buffer }[] = [];

  beforeAll(async () => {
    env = await createTestEnv('every-consumer');
    pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
    for (const def of await loadDefinitions()) {
      schemaOf.set(def.name, def.schema);
      running.push(
        await startService(def, {
          handleSignals: false,
          env: serviceTestEnv(env, { DETECTOR_SOURCE_IDLE_MS: '0' }),
        }),
      );
    }
    const producer = env.kafka.producer();
    await producer.connect();
    for (const topic of sourceTopics) {
      const build = samplesByType[SAMPLE_TYPE[topic] as keyof typeof samplesByType];
      const asJson = { ...build(), eventId: randomUUID() } as ForewarnEvent;
      const asAvro = { ...build(), eventId: randomUUID() } as ForewarnEvent;
      const bad = Buffer.from(`SHIPPED 1Z999 ${randomUUID()}`);
      sent.set(topic, { ids: [asJson.eventId, asAvro.eventId], bad });
      await producer.send({
        topic: `${env.prefix}${topic}`,
        acks: -1,
        messages: [
          { key: 'json', value: Buffer.from(JSON.stringify(asJson)) },
          { key: 'avro', value: encodeEvent(asAvro) },
          { key: 'bad', value: bad, headers: { 'source-system': `test:${topic}` } },
        ],
      });
    }
    await producer.disconnect();
  });

  afterAll(async () => {
    for (const svc of running.reverse()) await svc.stop();
    await pool?.end();
    await env?.cleanup();
  });

  it('starts every service live and ready, each serving its own API document', async () => {
    expect(running).toHaveLength(schemaOf.size);
    for (const [i, name] of [...schemaOf.keys()].entries()) {
      const { url } = running[i]!;
      expect((await fetch(`${url}/healthz`)).status, name).toBe(200);
      expect((await fetch(`${url}/readyz`)).status, name).toBe(200);
      const docs = (await (await fetch(`${url}/docs/json`)).json()) as { info: { title: string } };
      expect(docs.info.title).toBe(`Forewarn ${name} service`);
    }
  });

  it('runs exactly the declared consumer groups, each subscribed to its declared topics', async () => {
    const declared = new Map(
      allServiceTopics.flatMap((s) =>
        Object.values(s.consumers).map((c) => [`${env.prefix}${c.group}`, c] as const),
      ),
    );
    const { groups } = await env.admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((g) => g.startsWith(env.prefix));
    expect(ours.sort()).toEqual([...declared.keys()].sort());
    // A group still joining has no assignment yet: wait until every one has its topics.
    const assigned = await eventually(
      async () => {
        const { groups: described } = await env.admin.describeGroups(ours);
        const byGroup = described.map((group) => ({
          group,
          topics: new Set(
            group.members.flatMap((m) =>
              Object.keys(
                kafkajs.AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ??
                  {},
              ),
            ),
          ),
        }));
        return byGroup.every((g) => g.topics.size > 0) ? byGroup : undefined;
      },
      { what: 'every group assigned', timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const { group, topics } of assigned) {
      const consumer = declared.get(group.groupId)!;
      for (const t of topics) {
        const name = t.slice(env.prefix.length);
        const allowed =
          consumer.topics.some((d) => d === name) ||
          (consumer.readsDeadLetters === true && name.startsWith(deadLetterTopic('')));
        expect(allowed, `${group.groupId} reads ${name}, which it does not declare`).toBe(true);
      }
    }
  });

  it.each(sourceTopics)(
    '%s: every reader applies the JSON and the Avro record and settles the malformed one',
    async (topic) => {
      const { ids, bad } = sent.get(topic)!;
      const readers = readersOf(topic);
      expect(readers.length).toBeGreaterThan(1);
      for (const { service, consumer } of readers) {
        const who = `${service.name} (${consumer.group})`;
        const schema = schemaOf.get(service.name)!;
        // Settled: the group's committed offsets on the topic reached its end.
        await eventually(
          async () => {
            const high = await env.admin.fetchTopicOffsets(`${env.prefix}${topic}`);
            const [committed] = await env.admin.fetchOffsets({
              groupId: `${env.prefix}${consumer.group}`,
              topics: [`${env.prefix}${topic}`],
            });
            const at = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
            // A partition nothing was written to has no committed offset (-1) to compare.
            return high.every(
              (p) => p.high === p.low || (at.get(p.partition) ?? -1) >= Number(p.high),
            )
              ? true
              : undefined;
          },
          { what: `${who} settling ${topic}`, timeoutMs: 45_000, intervalMs: 250 },
        );
        if (consumer.readsDeadLetters) {
          // Feed health observes, never dead-letters: the malformed record counts as a reject.
          const { rows } = await pool.query<{ rejects: string }>(
            `SELECT rejects_total::text AS rejects FROM ${schema}.feed_health WHERE source_system = $1`,
            [`test:${topic}`],
          );
          expect(rows[0]?.rejects, who).toBe('1');
          continue;
        }
        // Applied: the inbox, written in the transaction of the effects, holds both events.
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(DISTINCT id)::int AS n FROM unnest($1::text[]) AS id
            WHERE EXISTS (SELECT 1 FROM ${schema}.inbox WHERE message_id = id)`,
          [ids],
        );
        expect(rows[0]?.n, `${who} applied`).toBe(2);
        expected.push({
          who,
          group: consumer.group,
          dlq: deadLetterTopic(consumer.deadLetterGroup),
          bad,
        });
      }
    },
  );

  it('dead-lettered each malformed record once per reader, with the reason and the group', async () => {
    expect(expected.length).toBeGreaterThan(sourceTopics.length);
    // Each dead-letter topic read once: the readers above settled, so their entries are there.
    for (const dlq of new Set(expected.map((e) => e.dlq))) {
      const mine = expected.filter((e) => e.dlq === dlq);
      const entries = await readAll(env, `${env.prefix}${dlq}`, mine.length);
      expect(entries, dlq).toHaveLength(mine.length);
      for (const { who, group, bad } of mine) {
        const dead = entries.filter(
          (m) =>
            m.value?.equals(bad) &&
            String(m.headers?.['dlq.consumer.group']) === `${env.prefix}${group}`,
        );
        expect(dead, `${who} dead-lettered`).toHaveLength(1);
        expect(String(dead[0]!.headers!['dlq.reason'])).toBe('decode-failed');
        expect(String(dead[0]!.headers!['dlq.error'])).toMatch(/malformed_message/);
      }
    }
  });
});
