import { businessMinutesBetween } from '@forewarn/domain';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ROUTES } from '../domain/cases/request-types.js';
import { defaultPolicy } from '../domain/policy.js';
import { slaCalendar } from '../domain/sla/sla.js';
import * as b from '../testing/scenarios/builders.js';
import { processedAtLeast, produce, startDetector, testClock } from '../testing/harness.js';

const keys = { acme: 'acme-types-key-0123456789', lead: 'lead-types-key-0123456789' };
const API_KEYS = JSON.stringify([
  { key: keys.acme, role: 'customer', customerId: 'C-types' },
  { key: keys.lead, role: 'team_lead', name: 'lead-ann' },
]);

interface CaseDetail {
  case: {
    caseType: string;
    assignee: { queue: string };
    party: { tier?: 'retail'; timezone?: string; region?: string };
    priority: 'normal';
    sla: { firstResponseDueAt: string; resolutionDueAt: string };
  };
}

describe('customer request types through the API (real database and broker)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  // Thursday 09:00 in New York.
  const clock = testClock('2025-03-06T14:00:00Z');
  const s = b.story('types');

  const call = async (method: 'GET' | 'POST', url: string, key: string, body?: object) => {
    const res = await svc.app.inject({
      method,
      url,
      headers: { 'x-api-key': key },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-request-types');
    svc = await startDetector(env, clock.now, { API_KEYS });
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      b.orderStatus(s, '2025-03-05T20:00:00Z', { status: 'allocated', customerTier: 'retail' }),
    ]);
    await processedAtLeast(svc, 1);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('a customs hold and a pickup-point question each get their own queue and first-response due time', async () => {
    const raise = (requestId: string, requestType: string) =>
      call('POST', '/v1/requests', keys.acme, {
        requestId,
        requestType,
        customerId: s.customerId,
        orderId: s.orderId,
      });
    const customs = await raise('rq-types-customs', 'held_in_customs');
    const pickup = await raise('rq-types-pickup', 'locate_pickup_point');
    expect(customs.status).toBe(200);
    expect(pickup.status).toBe(200);
    expect(customs.body).toMatchObject({
      caseType: 'held_in_customs',
      origin: 'customer',
      assignee: { queue: 'transportation' },
    });
    expect(pickup.body).toMatchObject({
      caseType: 'locate_pickup_point',
      origin: 'customer',
      assignee: { queue: 'delivery' },
    });

    const detail = async (caseId: unknown) =>
      (await call('GET', `/v1/cases/${String(caseId)}`, keys.lead)).body as unknown as CaseDetail;
    const opened = clock.now();
    for (const [res, hours] of [
      [customs, 8],
      [pickup, 4],
    ] as const) {
      const c = (await detail(res.body.caseId)).case;
      const target = REQUEST_ROUTES[c.caseType as 'held_in_customs'].sla.retail;
      expect(target.firstResponseBusinessMinutes).toBe(hours * 60);
      // The stored due time, measured back on the case's own calendar, is the row's target.
      const cal = slaCalendar(defaultPolicy, c.party, c.priority);
      expect(businessMinutesBetween(cal, opened, new Date(c.sla.firstResponseDueAt))).toBe(
        hours * 60,
      );
      expect(res.body.nextDueAt).toBe(c.sla.firstResponseDueAt);
    }
    // 4 business hours from Thursday 09:00 New York is 13:00 the same day.
    expect((await detail(pickup.body.caseId)).case.sla.firstResponseDueAt).toBe(
      '2025-03-06T18:00:00.000Z',
    );
  });
});
