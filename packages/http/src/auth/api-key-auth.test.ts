import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HttpApp } from '../app.js';
import { buildTestApp, keys } from '../test-support.js';
import { openScope } from './access.js';

let app: HttpApp;
beforeEach(async () => {
  ({ app } = await buildTestApp());
});
afterEach(async () => {
  await app.close();
});

const escalate = (key: string) =>
  app.inject({
    method: 'POST',
    url: '/cases/K-1/escalate',
    headers: { 'x-api-key': key },
    payload: { reason: 'customer waiting' },
  });

describe('API-key auth', () => {
  it('answers 401 when the key is missing, before validating the request', async () => {
    const res = await app.inject({ method: 'POST', url: '/cases/K-1/escalate', payload: {} });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'API_KEY_MISSING',
      detail: 'Send your API key in the x-api-key header.',
    });
  });

  it('answers 401 for an unknown key', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/cases',
      headers: { 'x-api-key': 'not-a-key-we-issued' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('answers 403 when the role may not use the route', async () => {
    const res = await escalate(keys.csr);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED' });
  });

  it('lets an allowed role through with its principal', async () => {
    const res = await escalate(keys.lead);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ escalated: 'K-1', by: 'console-lead' });
  });

  it('scopes customer keys to their own customer and lets staff see all', async () => {
    const get = (key: string, query = '') =>
      app.inject({ method: 'GET', url: `/cases${query}`, headers: { 'x-api-key': key } });

    expect((await get(keys.acme)).json()).toEqual({ customerFilter: 'C-ACME' });
    expect((await get(keys.acme, '?customerId=C-ACME')).json()).toEqual({
      customerFilter: 'C-ACME',
    });
    const other = await get(keys.acme, '?customerId=C-GLOBEX');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });

    expect((await get(keys.csr)).json()).toEqual({ customerFilter: null });
    expect((await get(keys.csr, '?customerId=C-GLOBEX')).json()).toEqual({
      customerFilter: 'C-GLOBEX',
    });
  });

  it('leaves routes declared open, and unknown routes, to answer without a key', async () => {
    const res = await app.inject({ method: 'GET', url: '/orders/SO-9' });
    expect(res.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('marks guarded routes, and only those, as secured in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.paths['/cases'].get.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/cases'].get.responses['401']).toBeDefined();
    expect(doc.paths['/cases'].get.responses['403']).toBeDefined();
    expect(doc.paths['/cases/{caseId}/escalate'].post.security).toEqual([{ apiKey: [] }]);
    // Open routes say so with an empty requirement (OpenAPI tools want one on every operation).
    expect(doc.paths['/orders'].post.security).toEqual([]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/orders'].post.responses['401']).toBeUndefined();
  });
});

describe('declared access', () => {
  it('refuses to start with a route that declares no roles', async () => {
    await app.close();
    const built = buildTestApp({}, (a) => {
      a.get('/forgotten', async () => ({ open: true }));
    });
    await expect(built).rejects.toThrow(/routes without declared roles.*GET \/forgotten/);
  });

  it('refuses an empty role list, which would lock everyone out by accident', async () => {
    await app.close();
    const built = buildTestApp({}, (a) => {
      a.get('/nobody', { config: { roles: [] } }, async () => ({}));
    });
    await expect(built).rejects.toThrow(/GET \/nobody/);
  });

  it('lets a scope mark its routes open with the reason, keeping declared roles', async () => {
    await app.close();
    ({ app } = await buildTestApp({}, (a) => {
      void a.register(async (scope) => {
        openScope(scope, 'signed by the provider');
        scope.post('/callback', { schema: { body: z.object({}) } }, async () => ({ ok: true }));
        scope.get('/guarded', { config: { roles: ['csr'] } }, async () => ({ ok: true }));
      });
    }));
    expect((await app.inject({ method: 'POST', url: '/callback', payload: {} })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/guarded' })).statusCode).toBe(401);
    expect(app.routeAccess()).toEqual(
      expect.arrayContaining([
        { method: 'POST', url: '/callback', roles: null, open: 'signed by the provider' },
        { method: 'GET', url: '/guarded', roles: ['csr'], open: null },
        { method: 'GET', url: '/cases', roles: ['customer', 'csr', 'team_lead'], open: null },
      ]),
    );
  });
});

describe('prototype keys', () => {
  it('answers 400 to a JSON body that tries to poison a prototype, and pollutes nothing', async () => {
    for (const payload of [
      '{"__proto__":{"polluted":true},"customerId":"C-1","poNumber":"PO-1","lines":[]}',
      '{"constructor":{"prototype":{"polluted":true}},"customerId":"C-1"}',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
