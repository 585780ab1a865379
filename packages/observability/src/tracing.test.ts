import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';
import {
  contextOfCause,
  extractTraceContext,
  injectTraceHeaders,
  remoteSpanContext,
  startTracing,
  tracesUrl,
  withCauses,
  withContext,
  withSpan,
  type Tracing,
} from './tracing.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('tracing on: W3C headers and OTLP/JSON export', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing({
      serviceName: 'unit-service',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
  });

  it('posts to <endpoint>/v1/traces unless a traces endpoint is given', () => {
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe(
      'http://c:4318/v1/traces',
    );
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/x' })).toBe('http://c/x');
  });

  it('injects the active span as traceparent and extracts it back', async () => {
    expect(tracing.enabled).toBe(true);
    await withSpan('produce', { stage: 'consume' }, async (span) => {
      const headers = injectTraceHeaders({ 'event-id': 'e1' } as Record<string, string>);
      const m = TRACEPARENT.exec(headers.traceparent ?? '');
      expect(m?.[1]).toBe(span.spanContext().traceId);
      expect(m?.[2]).toBe(span.spanContext().spanId);
      expect(headers['event-id']).toBe('e1');
      const back = remoteSpanContext(headers);
      expect(back).toMatchObject({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        isRemote: true,
      });
    });
  });

  it('carries tracestate and ignores a malformed traceparent', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ctx = extractTraceContext({ traceparent: parent, tracestate: 'vendor=abc' });
    const out = injectTraceHeaders({} as Record<string, string>, ctx);
    expect(out).toEqual({ traceparent: parent, tracestate: 'vendor=abc' });
    expect(remoteSpanContext({ traceparent: '00-zz-b7ad6b7169203331-01' })).toBeUndefined();
    expect(remoteSpanContext({})).toBeUndefined();
  });

  it('continues a remote trace and exports spans with service name, stage and parent', async () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await withContext(extractTraceContext({ traceparent: parent }), () =>
      withSpan('consume orders', { stage: 'consume' }, () =>
        withSpan('db transaction', { stage: 'db.transaction' }, async () => undefined),
      ),
    );
    await expect(
      withSpan('fails', { stage: 'detect' }, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await tracing.flush();
    const trace = receiver.spans.filter((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    const consume = trace.find((s) => s.name === 'consume orders');
    const db = trace.find((s) => s.name === 'db transaction');
    expect(consume).toMatchObject({
      service: 'unit-service',
      parentSpanId: '00f067aa0ba902b7',
      attributes: { 'forewarn.stage': 'consume' },
    });
    expect(db?.parentSpanId).toBe(consume?.spanId);
    expect(receiver.spans.find((s) => s.name === 'fails')?.statusCode).toBe(2);
    expect(receiver.rejected).toEqual([]);
  });

  it('lets a batch write continue the trace of the message that caused it', async () => {
    const a = extractTraceContext({
      traceparent: '00-11111111111111111111111111111111-1111111111111111-01',
    });
    const b = extractTraceContext({
      traceparent: '00-22222222222222222222222222222222-2222222222222222-01',
    });
    const causes = new Map([
      ['event-a', a],
      ['event-b', b],
    ]);
    await withSpan('batch', { stage: 'consume' }, async (batch) => {
      // Outside the batch's causes, the active span.
      expect(remoteSpanContext(injectTraceHeaders({}, contextOfCause('event-b')))?.spanId).toBe(
        batch.spanContext().spanId,
      );
      withCauses(causes, () => {
        expect(remoteSpanContext(injectTraceHeaders({}, contextOfCause('event-b')))?.traceId).toBe(
          '22222222222222222222222222222222',
        );
        // An unknown cause, or none, does not join the batch's trace.
        expect(
          remoteSpanContext(injectTraceHeaders({}, contextOfCause('unknown'))),
        ).toBeUndefined();
        expect(remoteSpanContext(injectTraceHeaders({}, contextOfCause(null)))).toBeUndefined();
      });
    });
  });
});
