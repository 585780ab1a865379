import type { Role } from '@forewarn/http';
import { isolationFailures, prototypeKeyFailures, securityDocOf } from '@forewarn/http/testing';
import {
  sampleCreditHoldPlaced,
  sampleOrderCreated,
  samplePickCompleted,
  sampleShipmentConfirmed,
  sampleShipmentDelivered,
  sampleTimes,
} from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, produce, startOrderService } from '../testing/harness.js';

function order(
  orderId: string,
  customerId: string,
  promisedDeliveryDate: string,
  po = `PO-${orderId}`,
  customerTier: 'enterprise' | 'retail' = 'enterprise',
) {
  return sampleOrderCreated({
    refs: { orderId, customerId, poNumber: po },
    payload: { orderId, customerId, poNumber: po, promisedDeliveryDate, customerTier },
  });
}

describe('order API (integration: real service, broker and database)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const get = async (path: string, key?: string) => {
    const res = await fetch(`${svc.url}${path}`, { headers: key ? { 'x-api-key': key } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    env = await createTestEnv('order-api');
    svc = await startOrderService(env);
    producer = env.kafka.producer();
    await producer.connect();
    const shipment = {
      refs: { orderId: 'SO-A1' },
      payload: { orderId: 'SO-A1', shipmentId: 'SHP-A1' },
    };
    await produce(producer, env.prefix, [
      order('SO-A1', 'C-ACME', '2025-03-07', 'PO-SHARED'),
      order('SO-A2', 'C-ACME', '2025-03-08'),
      order('SO-A3', 'C-ACME', '2025-03-09'),
      order('SO-G1', 'C-GLOBEX', '2025-03-07', 'PO-SHARED', 'retail'),
      samplePickCompleted({ payload: { orderId: 'SO-A1' } }),
      // SO-G1's first line leaves the pick face 10 short: one inaccurate line of four picked.
      samplePickCompleted({
        eventId: 'pick-g1',
        refs: { orderId: 'SO-G1', customerId: 'C-GLOBEX' },
        payload: {
          orderId: 'SO-G1',
          warehouseId: 'WH-DAL',
          lines: samplePickCompleted().payload.lines.map((l) =>
            l.lineNo === 1 ? { ...l, pickedQty: 90, shortQty: 10, shortReason: 'no_stock' } : l,
          ),
        },
      }),
      sampleShipmentConfirmed(shipment),
      sampleShipmentDelivered(shipment),
      sampleCreditHoldPlaced({ payload: { orderId: 'SO-A2', customerId: 'C-ACME' } }),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM order_events',
        );
        return rows[0]?.n === '9' ? true : undefined;
      },
      { what: 'the seeded events', timeoutMs: 45_000 },
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('returns an order with its lines, quantities and status history', async () => {
    const { status, body } = await get('/v1/orders/SO-A1', KEYS.acme);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      orderId: 'SO-A1',
      customerId: 'C-ACME',
      status: 'delivered',
      poNumber: 'PO-SHARED',
    });
    expect(body.lines).toEqual([
      expect.objectContaining({
        lineNo: 1,
        orderedQty: 100,
        pickedQty: 100,
        shippedQty: 100,
        deliveredQty: 100,
      }),
      expect.objectContaining({ lineNo: 2, critical: true, deliveredQty: 2 }),
    ]);
    expect((body.statusHistory as { status: string }[]).map((h) => h.status)).toEqual([
      'open',
      'in_fulfilment',
      'shipped',
      'delivered',
    ]);
  });

  it("answers another customer's order exactly like a missing one", async () => {
    const foreign = await get('/v1/orders/SO-G1', KEYS.acme);
    const missing = await get('/v1/orders/SO-NOPE', KEYS.acme);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const shape = (b: Record<string, unknown>) => ({
      code: b.code,
      title: b.title,
      type: b.type,
      keys: Object.keys(b).sort(),
      detail: String(b.detail).replace(/SO-\w+/, '<id>'),
    });
    expect(shape(foreign.body)).toEqual(shape(missing.body));
    expect((await get('/v1/orders/SO-G1/timeline', KEYS.acme)).status).toBe(404);
  });

  it('lets staff roles see every customer and keeps source keys out', async () => {
    expect((await get('/v1/orders/SO-G1', KEYS.csr)).status).toBe(200);
    expect((await get('/v1/orders/SO-A1', KEYS.admin)).status).toBe(200);
    expect((await get('/v1/orders/SO-A1', KEYS.source)).status).toBe(403);
    expect((await get('/v1/orders/SO-A1')).status).toBe(401);
  });

  it('reports OTIF, fill rate and pick accuracy over delivered, shipped and picked orders, scoped to the caller', async () => {
    const acme = await get('/v1/kpis', KEYS.acme);
    expect(acme.status).toBe(200);
    // SO-A1 is the only order shipped and delivered, and in full.
    expect(acme.body).toMatchObject({ orders: 3, otif: { measured: 1 }, fillRate: { ratio: 1 } });
    const detail = (await get('/v1/orders/SO-A1', KEYS.acme)).body;
    const history = detail.statusHistory as { status: string; at: string }[];
    const deliveredOn = history.find((h) => h.status === 'delivered')!.at.slice(0, 10);
    const onTime = deliveredOn <= String(detail.promisedDeliveryDate);
    expect((acme.body.otif as { hits: number }).hits).toBe(onTime ? 1 : 0);
    expect((await get('/v1/kpis', KEYS.csr)).body.orders).toBe(4);
    // Pick accuracy: lines picked exactly as ordered over lines picked, the caller's own only.
    expect(acme.body.pickAccuracy).toEqual({ pickedLines: 2, accurateLines: 2, ratio: 1 });
    expect((await get('/v1/kpis', KEYS.csr)).body.pickAccuracy).toEqual({
      pickedLines: 4,
      accurateLines: 3,
      ratio: 0.75,
    });
    // A window takes the orders placed in it: all four were placed at the fixtures' instant.
    const placed = Date.parse(sampleTimes.orderedAt);
    const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const inWindow = await get(`/v1/kpis?since=${at(placed)}&until=${at(placed)}`, KEYS.csr);
    expect(inWindow.body).toMatchObject({ orders: 4, otif: { measured: 1 } });
    // The same per day of placing: all on the fixtures' day, equal to the totals.
    const { byDay, ...totals } = inWindow.body as { byDay: Record<string, unknown>[] };
    expect(byDay).toEqual([{ day: sampleTimes.orderedAt.slice(0, 10), ...totals }]);
    expect((await get(`/v1/kpis?since=${at(placed + 1)}`, KEYS.csr)).body).toMatchObject({
      orders: 0,
      otif: { measured: 0, ratio: null },
      fillRate: { ratio: null },
    });
    expect((await get('/v1/kpis?customerId=C-GLOBEX', KEYS.acme)).status).toBe(404);
  });

  it("splits the KPIs by the tier each order carried, as the dashboard's tier filter asks", async () => {
    const retail = await get('/v1/kpis?tier=retail', KEYS.csr);
    expect(retail.body).toMatchObject({
      orders: 1,
      otif: { measured: 0, ratio: null },
      pickAccuracy: { pickedLines: 2, accurateLines: 1, ratio: 0.5 },
    });
    const enterprise = await get('/v1/kpis?tier=enterprise', KEYS.csr);
    expect(enterprise.body).toMatchObject({
      orders: 3,
      otif: { measured: 1 },
      pickAccuracy: { pickedLines: 2, accurateLines: 2, ratio: 1 },
    });
    // A customer key stays scoped to its own orders under any tier.
    expect((await get('/v1/kpis?tier=retail', KEYS.acme)).body).toMatchObject({ orders: 0 });
    expect((await get('/v1/kpis?tier=gold', KEYS.csr)).status).toBe(400);
  });

  it("splits the KPIs by the site that fulfils each order and by its shipments' carriers", async () => {
    // SO-A1 was picked at the fixtures' WH-ATL and shipped by ups; SO-G1 picked at WH-DAL.
    expect((await get('/v1/kpis?site=WH-ATL', KEYS.csr)).body).toMatchObject({
      orders: 1,
      otif: { measured: 1 },
      pickAccuracy: { pickedLines: 2, accurateLines: 2, ratio: 1 },
    });
    expect((await get('/v1/kpis?site=WH-DAL', KEYS.csr)).body).toMatchObject({
      orders: 1,
      otif: { measured: 0 },
      pickAccuracy: { pickedLines: 2, accurateLines: 1, ratio: 0.5 },
    });
    const ups = await get('/v1/kpis?carrier=ups', KEYS.csr);
    expect(ups.body).toMatchObject({ orders: 1, otif: { measured: 1 }, fillRate: { ratio: 1 } });
    expect((await get('/v1/kpis?carrier=ups&site=WH-DAL', KEYS.csr)).body).toMatchObject({
      orders: 0,
    });
    // A customer key stays scoped to its own orders under any site.
    expect((await get('/v1/kpis?site=WH-DAL', KEYS.acme)).body).toMatchObject({ orders: 0 });
    // Unknown values are an empty figure; malformed ones a 400 naming the field.
    expect((await get('/v1/kpis?site=WH-NOWHERE', KEYS.csr)).body).toMatchObject({
      orders: 0,
      otif: { ratio: null },
      byDay: [],
    });
    expect((await get('/v1/kpis?carrier=dhl', KEYS.csr)).body).toMatchObject({ orders: 0 });
    const bad = await get(`/v1/kpis?site=&carrier=${'x'.repeat(201)}`, KEYS.csr);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/site/);
  });

  it('finds orders by PO number within the caller scope', async () => {
    const mine = await get('/v1/orders?poNumber=PO-SHARED', KEYS.acme);
    expect((mine.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual(['SO-A1']);
    const all = await get('/v1/orders?poNumber=PO-SHARED', KEYS.csr);
    expect((all.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual([
      'SO-A1',
      'SO-G1',
    ]);
  });

  it("pages a customer's orders with a cursor and filters them", async () => {
    const first = await get('/v1/customers/C-ACME/orders?limit=2', KEYS.acme);
    expect((first.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual([
      'SO-A1',
      'SO-A2',
    ]);
    const cursor = first.body.nextCursor as string;
    const second = await get(`/v1/customers/C-ACME/orders?limit=2&cursor=${cursor}`, KEYS.acme);
    expect((second.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual(['SO-A3']);
    expect(second.body.nextCursor).toBeNull();

    const held = await get('/v1/customers/C-ACME/orders?status=credit_hold', KEYS.csr);
    expect((held.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual(['SO-A2']);
    const range = await get(
      '/v1/customers/C-ACME/orders?promisedFrom=2025-03-08&promisedTo=2025-03-09',
      KEYS.csr,
    );
    expect((range.body.items as { orderId: string }[]).map((o) => o.orderId)).toEqual([
      'SO-A2',
      'SO-A3',
    ]);
    expect((await get('/v1/customers/C-GLOBEX/orders', KEYS.acme)).status).toBe(404);
  });

  it('answers bad parameters with 400 and the issues', async () => {
    for (const path of [
      '/v1/customers/C-ACME/orders?limit=0',
      '/v1/customers/C-ACME/orders?status=lost',
      '/v1/customers/C-ACME/orders?promisedFrom=03/07/2025',
      '/v1/customers/C-ACME/orders?promisedFrom=2025-03-09&promisedTo=2025-03-01',
      '/v1/customers/C-ACME/orders?cursor=bm90LWEtY3Vyc29y',
      '/v1/orders',
    ]) {
      const { status, body } = await get(path, KEYS.csr);
      expect({ path, status }).toEqual({ path, status: 400 });
      expect((body.issues as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('merges ERP, WMS and carrier events into one timeline by time', async () => {
    const { status, body } = await get('/v1/orders/SO-A1/timeline', KEYS.acme);
    expect(status).toBe(200);
    const entries = body.entries as { at: string; source: string; type: string; summary: string }[];
    expect(entries.map((e) => [e.source, e.type])).toEqual([
      ['erp', 'erp.order.created'],
      ['wms', 'wms.pick.completed'],
      ['wms', 'wms.shipment.confirmed'],
      ['carrier', 'shipment.delivered'],
    ]);
    expect(entries.every((e) => e.summary.length > 0)).toBe(true);
  });

  it('documents every route with its schemas in OpenAPI', async () => {
    const doc = (await (await fetch(`${svc.url}/docs/json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: unknown[]; responses: Record<string, unknown> }>
      >;
    };
    for (const path of [
      '/v1/orders/{orderId}',
      '/v1/orders',
      '/v1/customers/{customerId}/orders',
      '/v1/orders/{orderId}/timeline',
    ]) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(Object.keys(op?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401']),
      );
      expect(op?.parameters?.length, path).toBeGreaterThan(0);
    }
  });

  it("answers 404 for C-GLOBEX's orders and customer id on every route a customer key may call with an id, and C-ACME's own", async () => {
    const failures = await isolationFailures(svc.app, KEYS.acme, {
      'GET /v1/orders/:orderId': { theirs: '/v1/orders/SO-G1', ours: '/v1/orders/SO-A1' },
      'GET /v1/orders/:orderId/timeline': {
        theirs: '/v1/orders/SO-G1/timeline',
        ours: '/v1/orders/SO-A1/timeline',
      },
      'GET /v1/orders/:orderId/promise': {
        theirs: '/v1/orders/SO-G1/promise',
        ours: '/v1/orders/SO-A1/promise',
      },
      'GET /v1/customers/:customerId/orders': {
        theirs: '/v1/customers/C-GLOBEX/orders',
        ours: '/v1/customers/C-ACME/orders',
      },
      // A list filtered by another customer answers the same 404 as a path naming it.
      'GET /v1/kpis': {
        theirs: '/v1/kpis?customerId=C-GLOBEX',
        ours: '/v1/kpis?customerId=C-ACME',
      },
    });
    expect(failures).toEqual([]);
  });

  it('answers every route below 500 with a prototype key in any param, query or body', async () => {
    const byRole: Partial<Record<Role, string>> = {
      customer: KEYS.acme,
      csr: KEYS.csr,
      admin: KEYS.admin,
    };
    expect(await prototypeKeyFailures(svc.app, (role) => byRole[role])).toEqual([]);
  });

  it('lists its routes and the roles allowed on each in SECURITY.md, as registered', () => {
    const { documented, registered } = securityDocOf('order', svc.app);
    expect(documented).toBe(registered);
  });
});
