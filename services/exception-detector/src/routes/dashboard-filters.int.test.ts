import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';

const lead = 'lead-key-dash-filters-0123';
const API_KEYS = JSON.stringify([{ key: lead, role: 'team_lead', name: 'lead-ann' }]);

interface Dashboard {
  filter: Record<string, string>;
  kpis: { opened: number; open: number };
  casesByType: Record<string, { opened: number }>;
  series: { opened: number }[];
  choices: { sites: string[]; carriers: string[] };
}

describe('GET /v1/dashboard/cases by site and carrier (real database and broker)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const clock = testClock('2025-03-06T13:00:00Z');
  const east = b.story('dsite1');
  const west = b.story('dsite2');
  const get = async (url: string) => {
    const res = await svc.app.inject({ method: 'GET', url, headers: { 'x-api-key': lead } });
    return { status: res.statusCode, body: res.json() as Dashboard & Record<string, unknown> };
  };
  const delays = async (query: string) =>
    (await get(`/v1/dashboard/cases?days=30&${query}`)).body.casesByType.carrier_delay?.opened ?? 0;

  beforeAll(async () => {
    env = await createTestEnv('detector-dash-filters');
    svc = await startDetector(env, clock.now, { API_KEYS });
    producer = env.kafka.producer();
    await producer.connect();
    // Two orders the order service says are fulfilled from two sites, each shipped by another
    // carrier, each shipment delayed past its promise (ETA 03-10 after the 03-07 promise).
    await produce(producer, env.prefix, [
      b.orderStatus(east, '2025-03-06T11:00:00Z', { status: 'shipped', siteId: 'WH-EAST' }),
      b.orderStatus(west, '2025-03-06T11:00:00Z', { status: 'shipped', siteId: 'WH-WEST' }),
      b.shipmentStatus(east, '2025-03-06T12:00:00Z', { carrier: 'ups' }),
      b.shipmentStatus(west, '2025-03-06T12:00:00Z', { carrier: 'fedex' }),
      b.etaChanged(east, '2025-03-06T13:00:00Z', { carrier: 'ups' }),
      b.etaChanged(west, '2025-03-06T13:00:00Z', { carrier: 'fedex' }),
    ]);
    await processedAtLeast(svc, 6);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('given a delay at each site, then each site shows its own and the two add up to all', async () => {
    const all = await delays('');
    expect(all).toBe(2);
    expect(await delays('site=WH-EAST')).toBe(1);
    expect(await delays('site=WH-WEST')).toBe(1);
    const { body } = await get('/v1/dashboard/cases?days=30&site=WH-EAST');
    expect(body.filter).toEqual({ site: 'WH-EAST' });
    expect(body.series.reduce((n, d) => n + d.opened, 0)).toBe(body.kpis.opened);
    expect(body.choices.sites).toEqual(['WH-EAST', 'WH-WEST']);
    expect(body.choices.carriers).toEqual(['fedex', 'ups']);
  });

  it('given site and carrier together, then only the cases of both count', async () => {
    expect(await delays('carrier=ups')).toBe(1);
    expect(await delays('site=WH-EAST&carrier=ups')).toBe(1);
    expect(await delays('site=WH-EAST&carrier=fedex')).toBe(0);
  });

  it("given a figure's filter, then the queue lists the same cases the figure counts", async () => {
    const queue = async (query: string) => {
      const res = await svc.app.inject({
        method: 'GET',
        url: `/v1/cases?status=all&${query}`,
        headers: { 'x-api-key': lead },
      });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: { subject: { id: string } }[] }).items.map(
        (c) => c.subject.id,
      );
    };
    expect(await queue('site=WH-EAST')).toEqual([east.shipmentId]);
    expect(await queue('carrier=fedex')).toEqual([west.shipmentId]);
    expect(await queue('site=WH-EAST&carrier=fedex')).toEqual([]);
    for (const q of ['site=WH-EAST', 'site=WH-WEST', 'carrier=ups'])
      expect((await queue(q)).length).toBe(
        (await get(`/v1/dashboard/cases?days=30&${q}`)).body.kpis.opened,
      );
  });

  it("given the dashboard's window, then the queue's opened-in filter lists the cases the figures count, and none opened outside it", async () => {
    const list = async (query: string) => {
      const res = await svc.app.inject({
        method: 'GET',
        url: `/v1/cases?status=all&${query}`,
        headers: { 'x-api-key': lead },
      });
      return { status: res.statusCode, body: res.json() as { items: { openedAt: string }[] } };
    };
    const { body } = await get('/v1/dashboard/cases?days=7');
    const window = body.window as { since: string; until: string };
    const inWindow = new URLSearchParams({ openedSince: window.since, openedUntil: window.until });
    const listed = (await list(inWindow.toString())).body.items;
    expect(listed.length).toBe(body.kpis.opened);
    expect(listed.length).toBeGreaterThan(0);
    // Both ends are included, as the dashboard counts them; an instant past them lists nothing.
    const first = listed.map((c) => c.openedAt).sort()[0]!;
    const at = (q: Record<string, string>) => list(new URLSearchParams(q).toString());
    expect((await at({ openedSince: first })).body.items.length).toBe(listed.length);
    expect((await at({ openedUntil: first })).body.items.length).toBeGreaterThan(0);
    const before = new Date(Date.parse(first) - 1).toISOString();
    expect((await at({ openedUntil: before })).body.items).toEqual([]);
    const after = new Date(Date.parse(window.until) + 1).toISOString();
    expect((await at({ openedSince: after })).body.items).toEqual([]);
    const bad = await at({ openedSince: 'last tuesday' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/openedSince/);
  });

  it('given an unknown site or carrier, then empty figures; a malformed one, then a 400 with the issues', async () => {
    const unknown = await get('/v1/dashboard/cases?days=30&site=WH-NOWHERE');
    expect(unknown.status).toBe(200);
    expect(unknown.body.kpis).toMatchObject({ opened: 0, open: 0 });
    expect((await get('/v1/dashboard/cases?days=30&carrier=pigeon')).body.kpis.opened).toBe(0);
    const bad = await get(`/v1/dashboard/cases?days=30&site=${'x'.repeat(201)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/site/);
    expect((await get('/v1/dashboard/cases?days=30&site=')).status).toBe(400);
  });
});
