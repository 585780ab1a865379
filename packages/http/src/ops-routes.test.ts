import { createMetricsRegistry } from '@forewarn/observability';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApp } from './app.js';
import { buildTestApp } from './test-support.js';

let app: HttpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('ops routes', () => {
  it('answers liveness without consulting dependencies', async () => {
    ({ app } = await buildTestApp({
      readiness: { kafka: () => Promise.reject(new Error('down')) },
    }));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when every check passes', async () => {
    ({ app } = await buildTestApp({
      readiness: { kafka: async () => {}, postgres: async () => {} },
    }));
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { kafka: { status: 'ok' }, postgres: { status: 'ok' } },
    });
  });

  it('answers 503 naming the failed and hanging checks and why', async () => {
    const { app: built, logs } = await buildTestApp({
      readinessTimeoutMs: 50,
      readiness: {
        kafka: async () => {},
        postgres: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
        crm: () => new Promise(() => {}),
      },
    });
    app = built;
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'not_ready',
      checks: {
        kafka: { status: 'ok' },
        postgres: { status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:5432' },
        crm: { status: 'failed', error: 'timed out after 50 ms' },
      },
    });
    const warning = logs.lines().find((l) => l['msg'] === 'not ready');
    expect(Object.keys(warning?.['failed'] as object)).toEqual(['postgres', 'crm']);
  });

  it('exposes registry metrics and a request duration histogram by route, method and status', async () => {
    ({ app } = await buildTestApp());
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/orders/SO-404' });
    await app.inject({ method: 'GET', url: '/no/such/thing' });

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{service="test-service",route="\/healthz",method="GET",status_code="200"\} 1/,
    );
    // The route template, not the raw URL, so cardinality stays bounded.
    expect(text).toMatch(/route="\/orders\/:orderId",method="GET",status_code="404"/);
    expect(text).toMatch(/route="\(unmatched\)",method="GET",status_code="404"/);
    expect(text).not.toContain('/no/such/thing');
  });

  it('shares one histogram when two apps use the same registry', async () => {
    const metrics = createMetricsRegistry('shared', { defaultMetrics: false });
    const first = await buildTestApp({ metrics });
    const second = await buildTestApp({ metrics });
    await first.app.inject({ method: 'GET', url: '/healthz' });
    await second.app.inject({ method: 'GET', url: '/healthz' });
    await Promise.all([first.app.close(), second.app.close()]);
    expect(await metrics.metrics()).toMatch(
      /http_request_duration_seconds_count\{service="shared",route="\/healthz",method="GET",status_code="200"\} 2/,
    );
  });
});
