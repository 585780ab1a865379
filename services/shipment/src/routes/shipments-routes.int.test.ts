import type { Role } from '@forewarn/http';
import { isolationFailures, prototypeKeyFailures, securityDocOf } from '@forewarn/http/testing';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, KEYS, publish, startShipments, type Shipments } from '../testing/harness.js';
import { shipmentStory } from '../testing/scenario.js';

describe('shipment API (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;
  const a1 = shipmentStory('api-a1', 'C-ACME');
  const a2 = shipmentStory('api-a2', 'C-ACME');
  const b1 = shipmentStory('api-b1', 'C-OTHER');

  const get = async (path: string, key?: string) => {
    const res = await fetch(`${svc.url}${path}`, { headers: key ? { 'x-api-key': key } : {} });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & {
        items?: { shipmentId: string }[];
        nextCursor?: string | null;
      },
    };
  };

  beforeAll(async () => {
    env = await createTestEnv('shipment-api');
    svc = await startShipments(env, {
      now: () => new Date('2025-01-01T00:00:00Z'),
      extraEnv: { API_KEYS },
    });
    producer = env.kafka.producer();
    await producer.connect();
    await publish(producer, env.prefix, [
      a1.confirm(),
      a1.scan('picked_up', '2025-03-05T16:00:00Z'),
      a1.eta('2025-03-07T17:00:00Z', '2025-03-05T16:30:00Z'),
      a1.scan('in_transit', '2025-03-06T09:00:00Z'),
      a1.pod('2025-03-07T11:00:00Z'),
      a2.confirm(),
      b1.confirm(),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM shipments WHERE status IS NOT NULL AND (shipment_id <> $1 OR status = 'delivered')`,
          [a1.shipmentId],
        );
        return Number(rows[0]?.n) === 3 ? true : undefined;
      },
      { what: 'three shipments' },
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('shows a customer its own shipment, and another customer a 404 with no hint', async () => {
    const own = await get(`/v1/shipments/${a1.shipmentId}`, KEYS.acme);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      shipmentId: a1.shipmentId,
      status: 'delivered',
      poNumber: 'PO-api-a1',
      eta: '2025-03-07T17:00:00Z',
    });
    expect(own.body.proofOfDelivery).toMatchObject({ signedBy: 'J. DOE' });
    const foreign = await get(`/v1/shipments/${a1.shipmentId}`, KEYS.other);
    const missing = await get('/v1/shipments/SHP-nope', KEYS.other);
    expect(foreign.status).toBe(404);
    // Same answer as for a shipment that does not exist, but for the id echoed in detail.
    const blank = { detail: '', instance: '', requestId: '' };
    expect({ ...foreign.body, ...blank }).toEqual({ ...missing.body, ...blank });
    expect(JSON.stringify(foreign.body)).not.toContain('C-ACME');
    expect((await get(`/v1/shipments/${a1.shipmentId}`, KEYS.csr)).status).toBe(200);
    expect((await get(`/v1/shipments/${a1.shipmentId}`)).status).toBe(401);
  });

  it('finds shipments by tracking number and by PO number, within the caller scope', async () => {
    const byTn = await get(`/v1/shipments?trackingNumber=${a1.tn}`, KEYS.acme);
    expect(byTn.body.items?.map((s) => s.shipmentId)).toEqual([a1.shipmentId]);
    expect((await get(`/v1/shipments?trackingNumber=${a1.tn}`, KEYS.other)).body.items).toEqual([]);
    const byPo = await get('/v1/shipments?poNumber=PO-api-b1', KEYS.other);
    expect(byPo.body.items?.map((s) => s.shipmentId)).toEqual([b1.shipmentId]);
    expect((await get('/v1/shipments?poNumber=PO-api-b1', KEYS.acme)).body.items).toEqual([]);
  });

  it('lists a customer only its own shipments, page by page with a cursor', async () => {
    const first = await get('/v1/shipments?limit=1', KEYS.acme);
    const second = await get(`/v1/shipments?limit=1&cursor=${first.body.nextCursor}`, KEYS.acme);
    expect(
      [...(first.body.items ?? []), ...(second.body.items ?? [])].map((s) => s.shipmentId),
    ).toEqual([a1.shipmentId, a2.shipmentId]);
    expect(second.body.nextCursor).toBeNull();
    const all = await get('/v1/shipments?limit=100', KEYS.csr);
    expect(all.body.items?.map((s) => s.shipmentId)).toEqual([
      a1.shipmentId,
      a2.shipmentId,
      b1.shipmentId,
    ]);
    expect((await get('/v1/shipments?customerId=C-ACME', KEYS.other)).status).toBe(404);
  });

  it("lists an order's shipments, 404 for another customer's order", async () => {
    const own = await get(`/v1/orders/${a1.orderId}/shipments`, KEYS.acme);
    expect(own.body.items?.map((s) => s.shipmentId)).toEqual([a1.shipmentId]);
    expect((await get(`/v1/orders/${a1.orderId}/shipments`, KEYS.other)).status).toBe(404);
  });

  it('gives the timeline in event time with every scan, ETA change and proof of delivery, paginated', async () => {
    const p1 = await get(`/v1/shipments/${a1.shipmentId}/timeline?limit=3`, KEYS.acme);
    const p2 = await get(
      `/v1/shipments/${a1.shipmentId}/timeline?limit=3&cursor=${p1.body.nextCursor}`,
      KEYS.acme,
    );
    const kinds = [...(p1.body.items ?? []), ...(p2.body.items ?? [])].map(
      (e) => (e as unknown as { kind: string }).kind,
    );
    expect(kinds).toEqual(['ship-confirmed', 'scan', 'eta-changed', 'scan', 'proof-of-delivery']);
    expect((await get(`/v1/shipments/${a1.shipmentId}/timeline`, KEYS.other)).status).toBe(404);
  });

  it("answers C-OTHER 404 for C-ACME's shipment, timeline and order on every route a customer key may call with an id, and its own", async () => {
    const failures = await isolationFailures(svc.app, KEYS.other, {
      'GET /v1/shipments/:shipmentId': {
        theirs: `/v1/shipments/${a1.shipmentId}`,
        ours: `/v1/shipments/${b1.shipmentId}`,
      },
      'GET /v1/shipments/:shipmentId/timeline': {
        theirs: `/v1/shipments/${a1.shipmentId}/timeline`,
        ours: `/v1/shipments/${b1.shipmentId}/timeline`,
      },
      'GET /v1/orders/:orderId/shipments': {
        theirs: `/v1/orders/${a1.orderId}/shipments`,
        ours: `/v1/orders/${b1.orderId}/shipments`,
      },
      // A list filtered by another customer answers the same 404 as a path naming it.
      'GET /v1/shipments': {
        theirs: '/v1/shipments?customerId=C-ACME',
        ours: '/v1/shipments?customerId=C-OTHER',
      },
    });
    expect(failures).toEqual([]);
  });

  it('answers bad parameters with 400 and the issues', async () => {
    const bad = await get('/v1/shipments?limit=0', KEYS.csr);
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([
      expect.objectContaining({ location: 'querystring', path: '/limit' }),
    ]);
    const cursor = await get('/v1/shipments?cursor=not-a-cursor', KEYS.csr);
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({
      code: 'INVALID_CURSOR',
      issues: [expect.objectContaining({ location: 'querystring', path: '/cursor' })],
    });
  });

  it('documents every route with its schemas at /docs', async () => {
    const doc = (await (await fetch(`${svc.url}/docs/json`)).json()) as {
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    };
    for (const path of [
      '/v1/shipments/{shipmentId}',
      '/v1/shipments',
      '/v1/orders/{orderId}/shipments',
      '/v1/shipments/{shipmentId}/timeline',
    ]) {
      expect(doc.paths[path]?.get?.responses?.['200']).toBeDefined();
    }
  });

  it('answers every route below 500 with a prototype key in any param, query or body', async () => {
    const byRole: Partial<Record<Role, string>> = { customer: KEYS.acme, csr: KEYS.csr };
    expect(await prototypeKeyFailures(svc.app, (role) => byRole[role])).toEqual([]);
  });

  it('lists its routes and the roles allowed on each in SECURITY.md, as registered', () => {
    const { documented, registered } = securityDocOf('shipment', svc.app);
    expect(documented).toBe(registered);
  });
});
