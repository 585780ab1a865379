import { describe, expect, it } from 'vitest';
import { withSpan } from '@forewarn/observability';
import { eventually, headerStrings, useHarness } from './__fixtures__/harness.js';
import type { ConsumedMessage } from './message.js';

describe('tracing off (default): Kafka messages carry no trace headers', () => {
  const harness = useHarness('kafka-tracing-off');

  it('neither the producer nor a consumer adds traceparent or tracestate', async () => {
    const h = harness();
    const [input, onward, dlq] = await Promise.all([
      h.topic('off.in'),
      h.topic('off.onward'),
      h.topic('off.dlq'),
    ]);
    await withSpan('publish', { stage: 'ingest' }, () =>
      h.producer.send(input, [{ key: 'k', value: 'v', headers: { 'event-id': 'e' } }]),
    );
    let handled = 0;
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      handleBatch: async (msgs: ConsumedMessage[]) => {
        await h.producer.send(
          onward,
          msgs.map((m) => ({ key: m.key, value: m.value })),
        );
        handled += msgs.length;
      },
    });
    await eventually(() => (handled === 1 ? true : undefined), { what: 'handled' });
    const [sent] = await h.readTopic(input, 1);
    const [next] = await h.readTopic(onward, 1);
    expect(headerStrings(sent!)).toEqual({ 'event-id': 'e' });
    expect(headerStrings(next!)).toEqual({});
  });
});
