import { describe, expect, it } from 'vitest';
import { eventually, headerStrings, useHarness } from './__fixtures__/harness.js';
import type { ConsumedMessage } from './message.js';

describe('runConsumer handleBatch mode (integration: real broker)', () => {
  const harness = useHarness('kafka-batch');

  it('handles chunks in one call and, when a chunk fails, isolates the poison message in the DLQ', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('batch.in'), h.topic('batch.dlq')]);
    const values = Array.from({ length: 30 }, (_, i) => (i === 17 ? 'poison' : `v${i}`));
    await h.producer.send(
      input,
      values.map((value) => ({ key: 'k', value })),
    );

    const calls: number[] = [];
    const stored: string[] = [];
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      batchSize: 10,
      maxAttempts: 2,
      decode: (m) => m.value!.toString(),
      // The one-by-one fallback reuses handleBatch with single-message arrays.
      handleBatch: async (msgs: ConsumedMessage<string>[]) => {
        calls.push(msgs.length);
        if (msgs.some((m) => m.value === 'poison'))
          throw new Error('insert failed: check constraint');
        stored.push(...msgs.map((m) => m.value));
      },
    });

    const [dead] = await h.readTopic(dlq, 1);
    expect(dead?.value?.toString()).toBe('poison');
    expect(headerStrings(dead!)).toMatchObject({
      'dlq.reason': 'max-attempts-exceeded',
      'dlq.source.offset': '17',
    });
    await eventually(() => (stored.length === 29 ? true : undefined), { what: 'all good values' });
    expect(stored).toEqual(values.filter((v) => v !== 'poison'));
    expect(calls.filter((n) => n > 1).length).toBeGreaterThanOrEqual(2);
    const offsets = await h.env.admin.fetchTopicOffsets(dlq);
    expect(offsets[0]?.high).toBe('1');
  });
});
