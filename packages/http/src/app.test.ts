import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApp } from './app.js';
import { buildTestApp, keys, type CapturedLogs } from './test-support.js';

let app: HttpApp;
let logs: CapturedLogs;
afterEach(async () => {
  await app.close();
});

describe('request and correlation ids', () => {
  it('generates a request id, defaults the correlation id to it and echoes both', async () => {
    ({ app, logs } = await buildTestApp());
    const res = await app.inject({ method: 'GET', url: '/orders/SO-9' });
    expect(res.headers['x-request-id']).toBe('req-1');
    expect(res.headers['x-correlation-id']).toBe('req-1');
  });

  it('makes request ids with the platform kit: time-ordered UUIDv7s', async () => {
    ({ app, logs } = await buildTestApp({ newRequestId: undefined }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'GET', url: '/orders/SO-9' });
      ids.push(String(res.headers['x-request-id']));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('honours incoming ids and binds them to every log line of the request', async () => {
    ({ app, logs } = await buildTestApp());
    const res = await app.inject({
      method: 'GET',
      url: '/orders/SO-9',
      headers: { 'x-request-id': 'edge-42', 'x-correlation-id': 'flow-7' },
    });
    expect(res.headers['x-request-id']).toBe('edge-42');
    expect(res.headers['x-correlation-id']).toBe('flow-7');

    const requestLines = logs.lines().filter((l) => l['requestId'] !== undefined);
    const messages = requestLines.map((l) => l['msg']);
    expect(messages).toEqual(
      expect.arrayContaining(['incoming request', 'looking up order', 'request completed']),
    );
    for (const line of requestLines) {
      expect(line).toMatchObject({ requestId: 'edge-42', correlationId: 'flow-7' });
    }
  });

  it('replaces ids that could inject into logs or headers', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a b\tc', 'x-correlation-id': 'x'.repeat(200) },
    });
    expect(res.headers['x-request-id']).toBe('req-1');
    expect(res.headers['x-correlation-id']).toBe('req-1');
  });

  it('does not log probe requests', async () => {
    ({ app, logs } = await buildTestApp());
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(logs.lines().filter((l) => l['requestId'] !== undefined)).toEqual([]);
  });
});

describe('log redaction', () => {
  it('never writes credentials to the log, whatever the request outcome', async () => {
    ({ app, logs } = await buildTestApp());
    const secretBearer = 'Bearer s3cr3t-bearer-token';
    const headers = { authorization: secretBearer, 'x-api-key': keys.lead };
    // A route that logs the request headers, a 500, a 401 and a 403.
    await app.inject({ method: 'GET', url: '/orders/SO-9', headers });
    await app.inject({ method: 'GET', url: '/orders/SO-BOOM', headers });
    await app.inject({
      method: 'GET',
      url: '/cases',
      headers: { 'x-api-key': 'wrong-key-123456' },
    });
    await app.inject({
      method: 'POST',
      url: '/cases/K-1/escalate',
      headers: { authorization: secretBearer, 'x-api-key': keys.csr },
      payload: { reason: 'x' },
    });

    const text = logs.text();
    expect(text).toContain('looking up order');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('s3cr3t-bearer-token');
    for (const key of [keys.lead, keys.csr, 'wrong-key-123456']) expect(text).not.toContain(key);
  });
});

describe('OpenAPI', () => {
  it('serves the Swagger UI as HTML at /docs', async () => {
    ({ app } = await buildTestApp());
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui');
  });

  it('documents zod-typed routes with their schemas, the ops routes and the API-key scheme', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Test API', version: '1.2.3' });

    const createOrder = doc.paths['/orders'].post;
    expect(createOrder.tags).toEqual(['orders']);
    const bodySchema = createOrder.requestBody.content['application/json'].schema;
    expect(bodySchema.required).toEqual(['customerId', 'poNumber', 'lines']);
    expect(bodySchema.properties.lines.items.properties.qty).toMatchObject({ type: 'integer' });
    expect(createOrder.parameters).toEqual([
      expect.objectContaining({ in: 'query', name: 'priority' }),
    ]);
    const created = createOrder.responses['201'].content['application/json'].schema;
    expect(Object.keys(created.properties)).toEqual(['orderId', 'priority', 'lineCount']);
    expect(createOrder.responses['400'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'instance']),
    );

    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/orders/{orderId}']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/docs'))).toBe(false);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
  });
});
