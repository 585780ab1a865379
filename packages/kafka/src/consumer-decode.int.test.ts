import {
  allServiceTopics,
  allTopics,
  decodeRecord,
  encodeEvent,
  eventTypeByName,
  type ForewarnEvent,
} from '@forewarn/contracts';
import { samplesByType } from '@forewarn/contracts/fixtures';
import { frame } from '@forewarn/serde';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually, headerStrings, useHarness } from './__fixtures__/harness.js';

/**
 * Who reads each source topic: the consumer groups the services declare (SERVICE_TOPICS, which
 * their runtimes subscribe from). Every one of them decodes with contracts' decoder, the one this
 * test drives; services/*'s own consumers are run in runtime's every-consumer test.
 */
const READERS: Record<string, readonly string[]> = Object.fromEntries(
  allTopics
    .filter((t) => t.kind === 'source')
    .map((t) => [
      t.name,
      allServiceTopics.flatMap((s) =>
        Object.values(s.consumers)
          .filter((c) => c.topics.some((name) => name === t.name))
          .map((c) => c.group),
      ),
    ]),
);

/** Records no consumer can read, and the problem its DLQ entry must name. */
function malformed(sample: ForewarnEvent): { value: Buffer; problem: RegExp }[] {
  const avro = encodeEvent(sample);
  const schemaId = eventTypeByName(sample.type)!.schemaId;
  return [
    { value: Buffer.from('SHIPPED 1Z999 2025-03-05'), problem: /malformed_message/ },
    { value: Buffer.from('{"type":'), problem: /malformed_message: invalid JSON/ },
    {
      value: Buffer.from(JSON.stringify({ ...sample, eventId: randomUUID(), type: 'erp.nope' })),
      problem: /unknown_type/,
    },
    {
      value: Buffer.from(JSON.stringify({ ...sample, eventId: randomUUID(), occurredAt: 'x' })),
      problem: /invalid_event: occurredAt/,
    },
    { value: frame(schemaId, avro.subarray(5, 9)), problem: /malformed_message/ },
    { value: frame(987_654, avro.subarray(5)), problem: /unknown_schema_id/ },
  ];
}

describe('every source topic, JSON and Avro, through the one decoder (integration: real broker)', () => {
  const harness = useHarness('kafka-decode');
  const sources = allTopics.filter((t) => t.kind === 'source');

  // Created up front: a send right after a topic's creation can meet a broker that has not
  // caught up with its metadata yet.
  const created = new Map<string, string>();
  it('has readers for every source topic of the catalog', async () => {
    for (const t of sources) expect(READERS[t.name]!.length, t.name).toBeGreaterThan(1);
    const h = harness();
    const wanted: { topic: string; numPartitions: number }[] = [];
    for (const [name, readers] of Object.entries(READERS)) {
      created.set(name, `${h.env.prefix}${name}`);
      wanted.push({ topic: `${h.env.prefix}${name}`, numPartitions: 2 });
      for (const r of readers) {
        const dlq = `${h.env.prefix}dlq.${r}.${name}`;
        created.set(`dlq.${r}.${name}`, dlq);
        wanted.push({ topic: dlq, numPartitions: 1 });
      }
    }
    // One request for all; metadata of fresh topics can lag, so the wait for leaders is retried.
    await eventually(
      () =>
        h.env.createTopics(wanted).then(
          () => true,
          async (err: unknown) => {
            const existing = new Set(await h.env.admin.listTopics());
            if (wanted.every((w) => existing.has(w.topic))) return true;
            throw err;
          },
        ),
      { what: 'the topics created', timeoutMs: 30_000, intervalMs: 500 },
    );
    await new Promise((r) => setTimeout(r, 1_000));
  });

  it.each(sources.map((t) => [t.name, t] as const))(
    '%s: valid records reach every reader; malformed ones land in each dlq.<group> with a reason',
    async (name, spec) => {
      const h = harness();
      const topic = created.get(name)!;
      const readers = READERS[name]!;
      const received = new Map<string, string[]>(readers.map((r) => [r, []]));
      const dlqs = new Map<string, string>();
      for (const reader of readers) {
        const dlq = created.get(`dlq.${reader}.${name}`)!;
        dlqs.set(reader, dlq);
        await h.start<ForewarnEvent>({
          groupId: `${topic}.${reader}`,
          topics: [topic],
          deadLetterTopic: dlq,
          decode: decodeRecord,
          handler: async (m) => void received.get(reader)!.push(m.value.eventId),
        });
      }
      // Each type of the topic, once as JSON and once as Confluent-framed Avro.
      const valid = spec.eventTypes.flatMap((type) => {
        const build = samplesByType[type as keyof typeof samplesByType];
        if (!build) return [];
        const asJson = { ...build(), eventId: randomUUID() } as ForewarnEvent;
        const asAvro = { ...build(), eventId: randomUUID() } as ForewarnEvent;
        return [
          { id: asJson.eventId, value: Buffer.from(JSON.stringify(asJson)) },
          { id: asAvro.eventId, value: encodeEvent(asAvro) },
        ];
      });
      expect(valid.length).toBeGreaterThanOrEqual(2);
      const sample = samplesByType[spec.eventTypes[0] as keyof typeof samplesByType]!();
      const bad = malformed(sample as ForewarnEvent);
      await h.producer.send(topic, [
        ...valid.map((v, i) => ({ key: `k${i}`, value: v.value })),
        ...bad.map((b, i) => ({ key: `bad${i}`, value: b.value })),
      ]);

      for (const reader of readers) {
        await eventually(() => (received.get(reader)!.length >= valid.length ? true : undefined), {
          what: `${reader} reading ${name}`,
          timeoutMs: 30_000,
        });
        expect(received.get(reader)!.sort()).toEqual(valid.map((v) => v.id).sort());
        const dead = await h.readTopic(dlqs.get(reader)!, bad.length);
        expect(dead).toHaveLength(bad.length);
        for (const b of bad) {
          const entry = dead.find((d) => d.value?.equals(b.value));
          expect(entry, `${reader}: ${b.problem}`).toBeDefined();
          const headers = headerStrings(entry!);
          expect(headers['dlq.reason']).toBe('decode-failed');
          expect(headers['dlq.error']).toMatch(b.problem);
          expect(headers['dlq.consumer.group']).toBe(`${topic}.${reader}`);
        }
      }
      expect(h.fatal).toEqual([]);
    },
  );
});
