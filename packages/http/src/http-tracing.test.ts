import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLogger,
  createMetricsRegistry,
  remoteSpanContext,
  startOtlpReceiver,
  startTracing,
  traceHeaders,
  traceOutboundFetch,
  type OtlpReceiver,
  type Tracing,
} from '@forewarn/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, type HttpApp } from './app.js';

const INCOMING = '00-5e1f0c1c6a3b4d2e8f9a0b1c2d3e4f50-a1b2c3d4e5f60718-01';

describe('HTTP tracing: incoming traceparent honoured, outbound fetch sends it', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  let app: HttpApp;
  let url: string;
  const downstreamSaw: (string | undefined)[] = [];
  const downstream = createServer((req, res) => {
    downstreamSaw.push(req.headers.traceparent as string | undefined);
    res.end('ok');
  });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing({
      serviceName: 'http-tracing-test',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    traceOutboundFetch();
    await new Promise<void>((r) => downstream.listen(0, '127.0.0.1', r));
    const downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/hook`;
    app = await buildHttpApp({
      service: 'http-tracing-test',
      version: '0.0.0',
      logger: createLogger({ name: 'http-tracing-test', level: 'silent' }),
      metrics: createMetricsRegistry('http_tracing_test'),
      readiness: {},
    });
    app.post('/v1/things', { config: { open: 'tracing test' } }, async (request) => {
      await fetch(downstreamUrl, { method: 'POST', body: JSON.stringify(request.body) });
      return { seen: traceHeaders() };
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    downstream.close();
    await tracing.shutdown();
    await receiver.close();
  });

  it('runs the handler (after body parsing) in a server span under the caller, and passes it on', async () => {
    const res = await fetch(`${url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: INCOMING },
      body: JSON.stringify({ a: 1 }),
    });
    const { seen } = (await res.json()) as { seen: Record<string, string> };
    const inHandler = remoteSpanContext(seen);
    expect(inHandler?.traceId).toBe('5e1f0c1c6a3b4d2e8f9a0b1c2d3e4f50');
    const sentOn = remoteSpanContext({ traceparent: downstreamSaw[0] });
    expect(sentOn?.traceId).toBe('5e1f0c1c6a3b4d2e8f9a0b1c2d3e4f50');

    await tracing.flush();
    const spans = receiver.spans.filter((s) => s.traceId === '5e1f0c1c6a3b4d2e8f9a0b1c2d3e4f50');
    const server = spans.find((s) => s.name === 'POST /v1/things');
    const client = spans.find((s) => s.attributes['forewarn.stage'] === 'http.client');
    expect(server).toMatchObject({
      service: 'http-tracing-test',
      parentSpanId: 'a1b2c3d4e5f60718',
      attributes: { 'forewarn.stage': 'http.server', 'http.response.status_code': 200 },
    });
    expect(inHandler?.spanId).toBe(server?.spanId);
    expect(client?.parentSpanId).toBe(server?.spanId);
    expect(sentOn?.spanId).toBe(client?.spanId);
  });

  it('starts a new trace for a request without traceparent and leaves probes untraced', async () => {
    const res = await fetch(`${url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { seen } = (await res.json()) as { seen: Record<string, string> };
    expect(remoteSpanContext(seen)?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(remoteSpanContext(seen)?.traceId).not.toBe('5e1f0c1c6a3b4d2e8f9a0b1c2d3e4f50');
    await fetch(`${url}/healthz`);
    await tracing.flush();
    const servers = receiver.spans.filter((s) => s.attributes['forewarn.stage'] === 'http.server');
    expect(servers.some((s) => s.attributes['url.path'] === '/healthz')).toBe(false);
    expect(servers.length).toBe(2);
  });
});
