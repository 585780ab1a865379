import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopics, decodeEvent, prefixed, type SourceEvent } from '@forewarn/contracts';
import {
  applyToTracker,
  easypostEvent,
  encode214,
  loadMappingTables,
  loadWebhookProviders,
  mapInterchange,
  mapWebhook,
  type StatusEvent,
} from '@forewarn/edi';
import {
  createTestEnv,
  eventually,
  freePort,
  serviceTestEnv,
  type TestEnv,
} from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningProcesses } from './demo/processes.js';
import {
  doorCredentials,
  doorOf,
  sourceKeyEntries,
  sourcesOf,
  type Door,
  type DoorPlan,
} from './doors.js';
import { generateDay, type SimRun } from './generate-day.js';
import { toMessages } from './messages.js';
import { publish, type PublishReport } from './publish.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sourceTopics = allTopics.filter((t) => t.kind === 'source').map((t) => t.name);

/** Every decodable event id on the prefixed source topics, with how often it appears. */
const sentAtOf = new Map<string, number>();
async function idsOnTopics(env: TestEnv): Promise<Map<string, number>> {
  const topics = sourceTopics.map((t) => prefixed(env.prefix, t));
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await env.admin.fetchTopicOffsets(topic))
      ends.set(`${topic}/${p.partition}`, Number(p.high));
  }
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([k]) => k));
  const counts = new Map<string, number>();
  if (pending.size === 0) return counts;
  const consumer = env.kafka.consumer({ groupId: `${env.prefix}reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        try {
          const { eventId } = decodeEvent(message.value!).event;
          counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
          const sentAt = message.headers?.['forewarn-sent-at'];
          if (sentAt) sentAtOf.set(eventId, Number(sentAt.toString()));
        } catch {
          // a malformed message sent straight to Kafka: the consumers' dead-letter topics take it
        }
        const key = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(key) ?? 0)) pending.delete(key);
        if (pending.size === 0) resolve();
      },
    });
  });
  await consumer.disconnect();
  return counts;
}

describe('a small day through every door of a real ingestion service (integration)', () => {
  let env: TestEnv;
  let procs: RunningProcesses | undefined;
  let run: SimRun;
  let report: PublishReport;
  const plan: DoorPlan = { edi: 'fedex', webhook: 'ups', eventsShare: 0.3 };

  beforeAll(async () => {
    env = await createTestEnv('simdoors');
    run = generateDay({
      seed: 5,
      orders: 40,
      days: 2,
      delivery: { duplicates: 0.04, reorders: 0.01, malformed: 0.04 },
    });
    const credentials = doorCredentials(sourcesOf(run.emissions), plan, 5);
    const port = await freePort();
    const serviceEnv = serviceTestEnv(env, {
      HTTP_PORT: String(port),
      API_KEYS: JSON.stringify(sourceKeyEntries(credentials)),
      SOURCE_HMAC_SECRETS: JSON.stringify(credentials.hmacSecrets),
    });
    procs = await startServices(root, await mkdtemp(path.join(tmpdir(), 'simdoors-')), [
      {
        name: 'ingestion',
        port,
        env: Object.fromEntries(
          Object.entries(serviceEnv).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      },
    ]);
    report = await publish(run.emissions, {
      brokers: env.kafkaBrokers,
      topicPrefix: env.prefix,
      bench: true,
      doors: { baseUrl: procs.urls.ingestion!, plan, credentials, now: () => Date.now() },
    });
  });
  afterAll(async () => {
    await procs?.stop();
    await env?.cleanup();
  });

  it('sends part of the day through each door and has every malformed request refused', () => {
    const doors = report.doors!;
    const messages = toMessages(run.emissions);
    for (const door of ['kafka', 'events', 'webhook', 'edi'] as Door[]) {
      const mine = messages.filter((m) => doorOf(m, plan) === door);
      expect(doors[door].messages, door).toBe(mine.length);
      expect(doors[door].rejected, door).toBe(mine.filter((m) => m.malformed).length);
      expect(doors[door].rejected, door).toBeGreaterThan(0);
    }
    expect(doors.edi.transactions).toBeGreaterThan(doors.edi.requests - doors.edi.rejected);
    expect(
      doors.events.duplicates + doors.webhook.duplicates + doors.edi.duplicates,
    ).toBeGreaterThan(0);
  });

  it('lands each event that went through a door on its source topic exactly once', async () => {
    const tables = loadMappingTables();
    const easypost = loadWebhookProviders().easypost!;
    const messages = toMessages(run.emissions).filter((m) => !m.malformed);
    const expected = new Map<string, Door>();
    for (const m of messages) {
      const door = doorOf(m, plan);
      const e = m.event as SourceEvent;
      if (door === 'events') expected.set(e.eventId, door);
      if (door === 'webhook') {
        // The ids EasyPost's checkpoint gives (a delivery: a scan and a POD; an estimate: an ETA).
        const body = easypostEvent(
          applyToTracker(easypost, undefined, e as StatusEvent),
          e.eventId,
        );
        const out = mapWebhook(easypost, JSON.parse(JSON.stringify(body)));
        if (!out.ok) throw new Error(JSON.stringify(out.issues));
        for (const x of out.drafts) expected.set(x.draft.eventId, door);
      }
      if (door === 'edi') {
        const file = encode214([e as StatusEvent], tables, { controlNumber: 1, at: m.emitAt });
        for (const x of mapInterchange(file.text, tables).events) expected.set(x.eventId, door);
      }
    }
    const total = [...expected.keys()].length;
    let counts = new Map<string, number>();
    await eventually(
      async () => {
        counts = await idsOnTopics(env);
        expect([...expected.keys()].filter((id) => counts.has(id))).toHaveLength(total);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'every door-routed event on its topic' },
    );
    const notOnce = [...expected.keys()].filter((id) => counts.get(id) !== 1);
    expect(notOnce).toEqual([]);
    // The edge passes on when the source said it sent each request, for silence judgements.
    const stated = [...expected.keys()].map((id) => sentAtOf.get(id));
    expect(stated.every((t) => t !== undefined && t > 0 && t <= Date.now())).toBe(true);
    // What went straight to Kafka is there too (duplicates included, as the sources sent them).
    const direct = messages.filter((m) => doorOf(m, plan) === 'kafka');
    expect(direct.every((m) => (counts.get(m.eventId!) ?? 0) >= 1)).toBe(true);
  });
});
