import {
  allTopics,
  decodeRecord,
  encodeEvent,
  eventTypeByName,
  type ForewarnEvent,
} from '@forewarn/contracts';
import { samplesByType } from '@forewarn/contracts/fixtures';
import { frame } from '@forewarn/serde';
import { createLogger, Registry } from '@forewarn/observability';
import { createTestEnv, eventually, jsonEdits, mutateJson, type TestEnv } from '@forewarn/testkit';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKafka } from './client.js';
import { runConsumer, type ConsumerHandle } from './consumer.js';
import { headersToStrings } from './message.js';
import { createProducer, type Producer } from './producer.js';

// A fresh broker slice on a busy machine can take longer than vitest's 10 s hook default.
vi.setConfig({ hookTimeout: 60_000 });

const SOURCES = allTopics.filter((t) => t.kind === 'source');
const SCHEMA_IDS = allTopics
  .flatMap((t) => t.eventTypes)
  .map((t) => eventTypeByName(t)?.schemaId)
  .filter((id): id is number => typeof id === 'number');
const sampleOf = (type: string) =>
  ({
    ...samplesByType[type as keyof typeof samplesByType](),
    eventId: randomUUID(),
  }) as ForewarnEvent;
const typesOf = (topic: (typeof SOURCES)[number]) =>
  topic.eventTypes.filter((t) => t in samplesByType);

/** A valid record of the topic as JSON, its fields mutated. */
const jsonMutant = (topic: (typeof SOURCES)[number]) =>
  fc
    .record({ type: fc.constantFrom(...typesOf(topic)), edits: jsonEdits })
    .map(({ type, edits }) => Buffer.from(mutateJson(sampleOf(type), edits)));

/** A valid Confluent-framed Avro record of the topic, its bytes damaged or its schema id changed. */
const avroMutant = (topic: (typeof SOURCES)[number]) =>
  fc
    .record({
      type: fc.constantFrom(...typesOf(topic)),
      kind: fc.constantFrom('flip', 'truncate', 'append', 'schema-id'),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      // Any id, or another type's real one (the bytes then meet the wrong schema).
      schemaId: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...SCHEMA_IDS)),
    })
    .map(({ type, kind, at, byte, schemaId }) => {
      const valid = encodeEvent(sampleOf(type));
      const pos = 5 + (at % (valid.length - 5));
      if (kind === 'truncate') return valid.subarray(0, pos);
      if (kind === 'append') return Buffer.concat([valid, Buffer.from([byte, byte ^ 0xff])]);
      if (kind === 'schema-id') return frame(schemaId, valid.subarray(5));
      const copy = Buffer.from(valid);
      copy[pos] = copy[pos]! ^ (byte || 1);
      return copy;
    });

describe('every source topic fuzzed on the real broker: each record consumed or dead-lettered with its reason, nothing blocks', () => {
  // Its own slice of the broker, without the contract's topology: this test makes the topics it reads.
  let env: TestEnv;
  let producer: Producer;
  const handles: ConsumerHandle[] = [];
  const fatal: Error[] = [];
  const logger = createLogger({ name: 'kafka-fuzz', level: 'silent' });
  beforeAll(async () => {
    env = await createTestEnv('kafka-fuzz', { topology: false });
    producer = createProducer(env.kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(handles.map((c) => c.stop()));
    await producer?.disconnect();
    await env?.cleanup();
  });
  const consumed = new Map<string, Set<string>>();
  const dlqOf = new Map<string, string>();
  const deadLetters = new Map<string, KafkaMessage>();
  let dlqReader: Consumer | undefined;
  afterAll(async () => {
    await dlqReader?.disconnect();
  });

  it('starts one consumer per source topic, decoding with the one decoder', async () => {
    const wanted = SOURCES.flatMap((t) => [
      { topic: `${env.prefix}${t.name}`, numPartitions: 1 },
      { topic: `${env.prefix}dlq.fuzz.${t.name}`, numPartitions: 1 },
    ]);
    await eventually(
      () =>
        env.createTopics(wanted).then(
          () => true,
          async (err: unknown) => {
            const existing = new Set(await env.admin.listTopics());
            if (wanted.every((w) => existing.has(w.topic))) return true;
            throw err;
          },
        ),
      { what: 'the topics created', timeoutMs: 30_000, intervalMs: 500 },
    );
    // Metadata of fresh topics lags behind their creation.
    await new Promise((r) => setTimeout(r, 1_000));
    // One reader of every DLQ for the whole file (a group join per check would cost seconds).
    dlqReader = env.kafka.consumer({
      groupId: `${env.prefix}fuzz-dlq-reader`,
      maxWaitTimeInMs: 100,
    });
    await dlqReader.connect();
    await eventually(
      () =>
        dlqReader!
          .subscribe({
            topics: wanted.filter((w) => w.topic.includes('dlq.')).map((w) => w.topic),
            fromBeginning: true,
          })
          .then(() => true),
      { what: 'the DLQ reader subscribed', timeoutMs: 30_000, intervalMs: 500 },
    );
    await dlqReader.run({
      eachMessage: async ({ message }) =>
        void deadLetters.set(message.key?.toString() ?? '', message),
    });
    for (const t of SOURCES) {
      const topic = `${env.prefix}${t.name}`;
      const seen = new Set<string>();
      consumed.set(t.name, seen);
      dlqOf.set(t.name, `${env.prefix}dlq.fuzz.${t.name}`);
      handles.push(
        await runConsumer<ForewarnEvent>({
          kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'kafka-fuzz' }, logger),
          logger,
          metrics: new Registry(),
          maxWaitTimeInMs: 100,
          onFatal: (e) => fatal.push(e),
          groupId: `${topic}.fuzz`,
          topics: [topic],
          deadLetterTopic: dlqOf.get(t.name)!,
          decode: decodeRecord,
          handler: async (m) => void seen.add(m.key!),
        }),
      );
    }
  }, 60_000);

  it('mutated JSON and Avro records, then a valid one, on each topic', async () => {
    let n = 0;
    let deadTotal = 0;
    // Every topic, each with a couple of batches of mutants.
    for (const t of SOURCES) {
      const topic = `${env.prefix}${t.name}`;
      const seen = consumed.get(t.name)!;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(jsonMutant(t), avroMutant(t)), { minLength: 4, maxLength: 8 }),
          async (mutants) => {
            const keyed = mutants.map((value) => ({ key: `fz-${n++}`, value }));
            // A valid record after the garbage: it must get through, whatever came before it.
            const sentinel = { key: `ok-${n++}`, value: encodeEvent(sampleOf(typesOf(t)[0]!)) };
            await producer.send(topic, [...keyed, sentinel]);
            await eventually(() => seen.has(sentinel.key) || undefined, {
              what: `the valid record after the mutants on ${t.name}`,
              timeoutMs: 20_000,
            });
            // One partition, in order: what is not consumed by now must be in the DLQ.
            const dead = keyed.filter((m) => !seen.has(m.key));
            deadTotal += dead.length;
            await eventually(() => dead.every((d) => deadLetters.has(d.key)) || undefined, {
              what: `${dead.length} dead letters of ${t.name}`,
              timeoutMs: 20_000,
            }).catch(() => undefined);
            for (const d of dead) {
              const entry = deadLetters.get(d.key);
              expect(entry, `${d.key} neither consumed nor dead-lettered`).toBeDefined();
              expect(entry!.value?.equals(d.value)).toBe(true);
              const headers = headersToStrings(entry!.headers);
              expect(headers['dlq.reason']).toBe('decode-failed');
              expect(headers['dlq.error']).toMatch(/\w/);
            }
          },
        ),
        { numRuns: 4, seed: 1411 },
      );
    }
    expect(fatal).toEqual([]);
    // The fuzz reached both sides on the whole: some mutants still decode, most do not.
    const total = [...consumed.values()].flatMap((c) => [...c]).filter((k) => k.startsWith('fz-'));
    expect(deadTotal).toBeGreaterThan(0);
    expect(total.length).toBeGreaterThan(0);
  }, 90_000);
});
