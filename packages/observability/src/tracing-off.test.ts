import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from './otlp-receiver.js';
import {
  injectTraceHeaders,
  startTracing,
  traceHeaders,
  tracingEnabled,
  tracingRequested,
  withSpan,
} from './tracing.js';

describe('tracing off (the default)', () => {
  const receiverP = startOtlpReceiver();
  afterAll(async () => (await receiverP).close());

  it('is requested only by an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' })).toBe(
      true,
    );
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(
      tracingRequested({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_TRACES_EXPORTER: 'none',
      }),
    ).toBe(false);
  });

  it('exports nothing and adds no header when no endpoint is configured', async () => {
    const receiver = await receiverP;
    // An endpoint exists, but the service's environment does not name it.
    const tracing = startTracing({ serviceName: 'off-test', env: { OTEL_SERVICE_NAME: 'x' } });
    expect(tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const headers = await withSpan('work', { stage: 'consume' }, async (span) => {
      expect(span.isRecording()).toBe(false);
      return injectTraceHeaders({ 'event-id': 'e1' });
    });
    expect(headers).toEqual({ 'event-id': 'e1' });
    expect(traceHeaders()).toEqual({});
    await tracing.flush();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.spans).toEqual([]);
    expect(receiver.rejected).toEqual([]);
  });

  it('never loads the SDK: its modules cost every service memory when tracing is off', () => {
    startTracing({ serviceName: 'off-test', env: {} });
    // This file runs in a process of its own (vitest isolates test files).
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) =>
      /@opentelemetry[\\/](sdk-trace-base|exporter-trace-otlp-http|resources|core|context-async-hooks|semantic-conventions)[\\/]/.test(
        file,
      ),
    );
    expect(loaded).toEqual([]);
  });
});
