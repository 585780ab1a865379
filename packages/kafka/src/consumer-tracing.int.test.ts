import {
  contextOfCause,
  injectTraceHeaders,
  remoteSpanContext,
  startOtlpReceiver,
  startTracing,
  withSpan,
  type OtlpReceiver,
  type Tracing,
} from '@forewarn/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, headerStrings, useHarness } from './__fixtures__/harness.js';
import type { ConsumedMessage } from './message.js';

describe('trace context through Kafka (integration: real broker, real OTLP/HTTP receiver)', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  // Before the harness: its producer must be created with tracing already on.
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing({
      serviceName: 'kafka-tracing-test',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
  });
  const harness = useHarness('kafka-tracing');
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
  });

  it('a message handler runs in a child of the producer span, and what it sends continues the trace', async () => {
    const h = harness();
    const [input, onward, dlq] = await Promise.all([
      h.topic('trace.in'),
      h.topic('trace.onward'),
      h.topic('trace.dlq'),
    ]);
    const producerSpan = await withSpan('publish source', { stage: 'ingest' }, async (span) => {
      await h.producer.send(input, [{ key: 'k', value: 'v1', headers: { 'event-id': 'e-1' } }]);
      return span.spanContext();
    });
    const [sent] = await h.readTopic(input, 1);
    expect(remoteSpanContext(headerStrings(sent!))).toMatchObject({
      traceId: producerSpan.traceId,
      spanId: producerSpan.spanId,
    });

    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      decode: (m: ConsumedMessage) => m.value!.toString(),
      handler: async (msg: ConsumedMessage<string>) => {
        await h.producer.send(onward, [{ key: msg.key, value: `${msg.value}!` }]);
      },
    });
    const [next] = await h.readTopic(onward, 1);
    const carried = remoteSpanContext(headerStrings(next!));
    expect(carried?.traceId).toBe(producerSpan.traceId);

    await tracing.flush();
    const spans = await eventually(
      () => {
        const inTrace = receiver.spans.filter((s) => s.traceId === producerSpan.traceId);
        return inTrace.some((s) => s.name === 'decode') ? inTrace : undefined;
      },
      { what: 'the consume spans exported' },
    );
    const consume = spans.find((s) => s.name === `${input} process`);
    expect(consume).toMatchObject({
      service: 'kafka-tracing-test',
      parentSpanId: producerSpan.spanId,
      attributes: {
        'forewarn.stage': 'consume',
        'messaging.destination.name': input,
        'messaging.message.id': 'e-1',
        'forewarn.outcome': 'handled',
      },
    });
    // The onward message was sent from inside the consume span.
    expect(carried?.spanId).toBe(consume?.spanId);
    expect(spans.find((s) => s.name === 'decode')?.parentSpanId).toBe(consume?.spanId);
  });

  it('a batch handler is linked to every message, and a write naming one message continues its trace', async () => {
    const h = harness();
    const [input, dlq] = await Promise.all([h.topic('trace.batch'), h.topic('trace.batch.dlq')]);
    const traces: string[] = [];
    for (const id of ['a', 'b', 'c']) {
      await withSpan(`publish ${id}`, { stage: 'ingest' }, async (span) => {
        traces.push(span.spanContext().traceId);
        await h.producer.send(input, [{ key: 'k', value: id, headers: { 'event-id': id } }]);
      });
    }
    const continued = new Map<string, string | undefined>();
    const byEnvelope = new Map<string, string | undefined>();
    let batchSizes: number[] = [];
    const traceOf = (cause: string) =>
      remoteSpanContext(injectTraceHeaders({} as Record<string, string>, contextOfCause(cause)))
        ?.traceId;
    await h.start({
      groupId: `${input}.g`,
      topics: [input],
      deadLetterTopic: dlq,
      batchSize: 10,
      // A decoded event names itself too (its envelope's eventId), headers or not.
      decode: (m: ConsumedMessage) => ({ id: m.value!.toString(), eventId: `env-${m.value}` }),
      handleBatch: async (msgs: ConsumedMessage<{ id: string; eventId: string }>[]) => {
        batchSizes = [...batchSizes, msgs.length];
        for (const m of msgs) {
          continued.set(m.value.id, traceOf(m.value.id));
          byEnvelope.set(m.value.id, traceOf(m.value.eventId));
        }
      },
    });
    await eventually(() => (continued.size === 3 ? true : undefined), { what: 'three handled' });
    expect([...continued.values()]).toEqual(traces);
    expect([...byEnvelope.values()]).toEqual(traces);

    await tracing.flush();
    const spans = await eventually(
      () => {
        const batches = receiver.spans.filter((s) => s.name === `${input} process batch`);
        return batches.length === batchSizes.length ? batches : undefined;
      },
      { what: 'the batch spans exported' },
    );
    expect(batchSizes.reduce((n, size) => n + size, 0)).toBe(3);
    // Each message's span: the batch is a child of one message (the first kept) and links the rest.
    const messageSpans = receiver.spans.filter((s) => s.name === `${input} process`);
    expect(messageSpans.map((s) => s.traceId).sort()).toEqual([...traces].sort());
    for (const m of messageSpans) {
      const covering = spans.filter(
        (b) => b.parentSpanId === m.spanId || b.links.some((l) => l.spanId === m.spanId),
      );
      expect(covering).toHaveLength(1);
      if (covering[0]!.parentSpanId === m.spanId) expect(covering[0]!.traceId).toBe(m.traceId);
      else expect(covering[0]!.links.length).toBeGreaterThan(0);
    }
  });
});
