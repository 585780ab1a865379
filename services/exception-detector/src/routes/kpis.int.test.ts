import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import {
  processedAtLeast,
  produce,
  startDetector,
  testClock,
  timersSettled,
} from '../testing/harness.js';

const keys = {
  lead: 'lead-key-kpis-0123456789',
  acme: 'acme-key-kpis-0123456789',
  bolt: 'bolt-key-kpis-0123456789',
};
const API_KEYS = JSON.stringify([
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
  { key: keys.acme, role: 'customer', customerId: 'C-kpi1' },
  { key: keys.bolt, role: 'customer', customerId: 'C-kpi2' },
]);

describe('GET /kpis (real database and broker)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const clock = testClock('2025-03-06T13:00:00Z');
  const recovered = b.story('kpi1');
  const stuck = b.story('kpi2');
  const call = async (method: 'GET' | 'POST', url: string, key: string, body?: object) => {
    const res = await svc.app.inject({
      method,
      url,
      headers: { 'x-api-key': key },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const get = (url: string, key: string) => call('GET', url, key);

  beforeAll(async () => {
    env = await createTestEnv('detector-kpis');
    svc = await startDetector(env, clock.now, { API_KEYS });
    producer = env.kafka.producer();
    await producer.connect();
    // Two carrier delays (ETA 03-10 after the 03-07 promise); one ETA recovers 5 h later.
    const tier = { customerTier: 'retail' as const };
    await produce(producer, env.prefix, [
      b.shipmentStatus(recovered, '2025-03-06T12:00:00Z', tier),
      b.shipmentStatus(stuck, '2025-03-06T12:00:00Z', tier),
      b.etaChanged(recovered, '2025-03-06T13:00:00Z', tier),
      b.etaChanged(stuck, '2025-03-06T13:00:00Z', tier),
    ]);
    await processedAtLeast(svc, 4);
    clock.set('2025-03-06T18:00:00Z');
    await produce(producer, env.prefix, [
      b.etaChanged(recovered, '2025-03-06T18:00:00Z', { ...tier, eta: '2025-03-07T15:00:00Z' }),
    ]);
    await processedAtLeast(svc, 5);
    clock.set('2025-03-09T13:00:00Z');
    await timersSettled(svc); // the stuck case's SLA clocks run out meanwhile
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('given one delay resolved in 5 h and one still open after 3 days, then half resolved within 24 and 48 h, half attained the SLA, and carrier delay leads the failure modes', async () => {
    const { status, body } = await get('/v1/kpis', keys.lead);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      window: { since: null, until: '2025-03-09T13:00:00.000Z' },
      resolvedWithin24h: 0.5,
      resolvedWithin48h: 0.5,
      slaAttainment: 0.5,
      breaches: { cases: 1 },
      casesByType: { carrier_delay: { opened: 2, open: 1, resolved: 1 } },
      topFailureModes: [{ caseType: 'carrier_delay', opened: 2 }],
    });
    expect((body['breaches'] as { byClock: Record<string, number> }).byClock).toHaveProperty(
      'first_response',
    );
  });

  it('given a window that ends 12 h after the delays opened, then no case has had 24 h yet', async () => {
    const { body } = await get('/v1/kpis?until=2025-03-07T01:00:00Z', keys.lead);
    expect(body).toMatchObject({ resolvedWithin24h: null, resolvedWithin48h: null });
  });

  it('given no case anyone contacted us about, then first-contact resolution is null', async () => {
    expect((await get('/v1/kpis', keys.lead)).body.firstContactResolution).toBeNull();
  });

  it('given the customer asks about the escalated delay and a lead resolves it, then it was not resolved at first contact', async () => {
    const asked = await call('POST', '/v1/requests', keys.bolt, {
      requestId: 'rq-kpi2',
      requestType: 'track_parcel',
      customerId: stuck.customerId,
      shipmentId: stuck.shipmentId,
      message: 'where is it?',
    });
    expect(asked.status).toBeLessThan(300);
    const caseId = String(asked.body.caseId);
    const before = await get(`/v1/cases/${caseId}`, keys.lead);
    // The premise: three days of breached clocks took it past L1 before the customer called.
    expect(before.body.escalationLevel).not.toBe('l1');
    const resolved = await call('POST', `/v1/cases/${caseId}/resolve`, keys.lead, {
      reason: 'carrier recovered the parcel',
    });
    expect(resolved.status).toBe(200);
    const { body } = await get('/v1/kpis', keys.lead);
    expect(body.firstContactResolution).toBe(0);
    const dashboard = await get('/v1/dashboard/cases?days=30', keys.lead);
    expect((dashboard.body.kpis as Record<string, unknown>).firstContactResolution).toBe(0);
    // The dashboard's tile links to the cases behind the figure: the resolved ones contacted about.
    const behind = await get('/v1/cases?status=closed&contacted=yes', keys.lead);
    expect((behind.body.items as { caseId: string }[]).map((c) => c.caseId)).toEqual([caseId]);
    const never = await get('/v1/cases?status=closed&contacted=no', keys.lead);
    expect((never.body.items as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
    expect((never.body.items as unknown[]).length).toBe(1);
  });

  it('given a customer key, then the KPIs are refused', async () => {
    expect((await get('/v1/kpis', keys.acme)).status).toBe(403);
  });
});
