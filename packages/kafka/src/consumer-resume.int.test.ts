import { describe, expect, it } from 'vitest';
import { eventually, useHarness } from './__fixtures__/harness.js';
import type { ConsumerHandle } from './consumer.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('runConsumer stop, resume and ordering (integration: real broker)', () => {
  const harness = useHarness('kafka-resume');

  it('stopped after 50 of 200 messages, commits exactly those and resumes from the next one', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('resume.in'), h.topic('resume.dlq')]);
    await h.producer.send(
      input,
      range(200).map((i) => ({ key: `k${i % 7}`, value: String(i) })),
    );
    const groupId = `${input}.g`;

    const first: number[] = [];
    let stopping: Promise<void> | undefined;
    const handle: ConsumerHandle = await h.start({
      groupId,
      topics: [input],
      deadLetterTopic: dlq,
      handler: async (m) => {
        first.push(Number(m.offset));
        if (first.length === 50) stopping = handle.stop();
      },
    });
    await eventually(() => (stopping ? true : undefined), { what: 'the 50th message' });
    await stopping;
    expect(first).toEqual(range(50));
    const [committed] = await h.env.admin.fetchOffsets({ groupId, topics: [input] });
    expect(committed?.partitions[0]?.offset).toBe('50');

    const second: number[] = [];
    await h.start({
      groupId,
      topics: [input],
      deadLetterTopic: dlq,
      handler: async (m) => void second.push(Number(m.offset)),
    });
    await eventually(() => (second.length >= 150 ? true : undefined), {
      what: 'the remaining 150',
    });
    expect(second[0]).toBe(50);
    expect(new Set([...first, ...second])).toEqual(new Set(range(200)));
    expect(h.fatal).toEqual([]);
  });

  it('keeps per-key order across 3 partitions consumed concurrently, retries included', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('order.in', 3), h.topic('order.dlq')]);
    const keys = range(12).map((k) => `SO-${k}`);
    const perKey = 25;
    await h.producer.send(
      input,
      range(perKey).flatMap((seq) => keys.map((key) => ({ key, value: String(seq) }))),
    );
    const seen = new Map<string, number[]>();
    const partitionsOf = new Map<string, Set<number>>();
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      partitionsConsumedConcurrently: 3,
      handler: async (m) => {
        const seq = Number(m.value);
        // Every fifth event fails once: a retry must not let the next one overtake it.
        if (seq % 5 === 0 && m.attempt === 1) throw new Error('transient');
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        seen.set(m.key!, [...(seen.get(m.key!) ?? []), seq]);
        partitionsOf.set(m.key!, (partitionsOf.get(m.key!) ?? new Set()).add(m.partition));
      },
    });
    const total = () => [...seen.values()].reduce((n, s) => n + s.length, 0);
    await eventually(() => (total() >= keys.length * perKey ? true : undefined), {
      what: 'every event',
      timeoutMs: 40_000,
    });
    for (const key of keys) {
      expect(seen.get(key), key).toEqual(range(perKey));
      expect(partitionsOf.get(key)?.size).toBe(1);
    }
    const used = new Set([...partitionsOf.values()].flatMap((s) => [...s]));
    expect(used.size).toBe(3);
  });
});
