import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApp } from './app.js';
import { buildTestApp, type CapturedLogs } from './test-support.js';

let app: HttpApp;
let logs: CapturedLogs;
afterEach(async () => {
  await app.close();
});

const goodOrder = { customerId: 'C-ACME', poNumber: 'PO-77', lines: [{ sku: 'A-1', qty: 2 }] };

describe('zod-typed routes', () => {
  it('answers the typed response, with query defaults applied', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({ method: 'POST', url: '/orders', payload: goodOrder });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ orderId: 'SO-1', priority: 'normal', lineCount: 1 });
  });

  it('lists every body issue in one 400 problem', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({
      method: 'POST',
      url: '/orders?priority=rush',
      payload: { customerId: '', poNumber: 'P', lines: [{ sku: 'A-1', qty: 0 }, { qty: 1 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({
      type: 'urn:forewarn:problem:validation-failed',
      title: 'Invalid data',
      status: 400,
      code: 'VALIDATION_FAILED',
      instance: '/orders',
    });
    const issues = body.issues as { location: string; path: string; code: string }[];
    expect(issues.map((i) => [i.location, i.path, i.code])).toEqual([
      ['body', '/customerId', 'too_small'],
      ['body', '/poNumber', 'too_small'],
      ['body', '/lines/0/qty', 'too_small'],
      ['body', '/lines/1/sku', 'invalid_type'],
    ]);
    expect(issues.every((i) => typeof (i as { message?: unknown }).message === 'string')).toBe(
      true,
    );
  });

  it('lists query issues too, and says the body is missing when it is', async () => {
    ({ app } = await buildTestApp());
    const badQuery = await app.inject({
      method: 'POST',
      url: '/orders?priority=whenever',
      payload: goodOrder,
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().issues).toEqual([
      expect.objectContaining({
        location: 'querystring',
        path: '/priority',
        code: 'invalid_value',
      }),
    ]);

    const noBody = await app.inject({ method: 'POST', url: '/orders' });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().issues).toEqual([
      expect.objectContaining({ location: 'body', path: '', code: 'invalid_type' }),
    ]);
  });

  it('turns malformed JSON into a 400 problem', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"customerId": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });
});

describe('problem+json errors', () => {
  it('maps a NOT_FOUND AppError to 404 with its stable code and the request id', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({ method: 'GET', url: '/orders/SO-9?email=a@b.test' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toEqual({
      type: 'urn:forewarn:problem:order-not-found',
      title: 'Not found',
      status: 404,
      code: 'ORDER_NOT_FOUND',
      detail: 'No order SO-9.',
      instance: '/orders/SO-9',
      requestId: 'req-1',
    });
  });

  it('maps a CONFLICT AppError to 409', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({ method: 'GET', url: '/orders/SO-CLOSED' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ORDER_CLOSED', title: 'Conflict', status: 409 });
  });

  it('answers 500 for unknown errors without leaking them, and logs them in full', async () => {
    ({ app, logs } = await buildTestApp());
    const res = await app.inject({ method: 'GET', url: '/orders/SO-BOOM' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: 'req-1' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('db://');

    const logged = logs.lines().find((l) => l['msg'] === 'request failed');
    expect(logged).toMatchObject({ level: 50, requestId: 'req-1', code: 'INTERNAL_ERROR' });
    expect((logged?.['err'] as { message: string; stack: string }).message).toContain('hunter2');
    expect((logged?.['err'] as { stack: string }).stack).toContain('test-support');
  });

  it('answers unknown routes with a 404 problem in the same shape', async () => {
    ({ app } = await buildTestApp());
    const res = await app.inject({ method: 'DELETE', url: '/nothing/here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      type: 'urn:forewarn:problem:route-not-found',
      title: 'Not found',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route DELETE /nothing/here.',
      instance: '/nothing/here',
      requestId: 'req-1',
    });
  });
});
