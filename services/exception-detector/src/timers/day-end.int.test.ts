import { sampleOrderStatusChanged } from '@forewarn/contracts/fixtures';
import { startService, type RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/scenarios/builders.js';
import { detectorService } from '../service.js';
import { allCases, produce } from '../testing/harness.js';

const LEAD_KEY = 'lead-key-day-end-0123456789';
const START = '2025-03-03T12:00:00.000Z';
const END = '2025-03-06T00:00:00.000Z';
const SPEED = 86_400; // a sim day per wall second

/** An order placed on Monday whose ship-by instant is `shipBy`. */
const order = (s: b.StoryIds, shipBy: string) =>
  sampleOrderStatusChanged({
    occurredAt: '2025-03-03T14:05:00Z',
    refs: { customerId: s.customerId, orderId: s.orderId, poNumber: `PO-${s.orderId}` },
    payload: { orderId: s.orderId, customerId: s.customerId, poNumber: `PO-${s.orderId}`, shipBy },
  });

describe('the shared clock at the end of a simulated day (real Kafka, PostgreSQL, service clock)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const due = b.story('dayend-due');
  const after = b.story('dayend-after');
  const dashboard = async () => {
    const res = await svc.app.inject({
      method: 'GET',
      url: '/v1/dashboard/cases?days=30',
      headers: { 'x-api-key': LEAD_KEY },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as unknown;
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-day-end');
    // No injected clock: the service reads the CLOCK_* variables the demo hands every service.
    svc = await startService(detectorService, {
      handleSignals: false,
      env: serviceTestEnv(env, {
        API_KEYS: JSON.stringify([{ key: LEAD_KEY, role: 'team_lead', name: 'lead' }]),
        TIMER_POLL_INTERVAL_MS: '50',
        DETECTOR_TIMER_GRACE_MS: '0',
        DETECTOR_SOURCE_IDLE_MS: '0',
        CLOCK_SIM_ANCHOR: START,
        CLOCK_WALL_ANCHOR_MS: String(Date.now() + 2_000),
        CLOCK_SPEED: String(SPEED),
        CLOCK_SIM_END: END,
      }),
    });
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      order(due, '2025-03-05T22:00:00.000Z'), // before the day ends: its timer fires
      order(after, '2025-03-07T22:00:00.000Z'), // after: it must never fire
    ]);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('fires the timers due within the day, then stands still: nothing opens and the dashboard keeps its figures', async () => {
    await eventually(async () => (svc.ctx.now().toISOString() === END ? true : undefined), {
      what: 'the day over',
      timeoutMs: 30_000,
    });
    await eventually(
      async () =>
        (await allCases(svc)).some((c) => c.subject.id === due.orderId) ? true : undefined,
      { what: 'the late order within the day opened', timeoutMs: 30_000 },
    );
    // Everything due by the end fires (a loaded machine fires it late) before the snapshot.
    await eventually(
      async () =>
        (
          await svc.ctx.pool.query(
            'SELECT 1 FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1',
            [END],
          )
        ).rowCount === 0 || undefined,
      { what: 'every timer due by the end fired', timeoutMs: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 500)); // its effects committed
    const casesBefore = await allCases(svc);
    const figuresBefore = await dashboard();
    // Armed and waiting past the end: the test would see them fire if the clock ran on.
    const waiting = await svc.ctx.pool.query<{ kind: string }>(
      'SELECT kind FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at > $1',
      [END],
    );
    expect(waiting.rows.map((r) => r.kind)).toContain('late_shipment');

    // Five wall seconds: five more sim days on a clock that ran on, past every deadline above.
    await new Promise((r) => setTimeout(r, 5_000));

    expect(svc.ctx.now().toISOString()).toBe(END);
    const casesAfter = await allCases(svc);
    expect(casesAfter.some((c) => c.subject.id === after.orderId)).toBe(false);
    expect(casesAfter).toEqual(casesBefore);
    expect(await dashboard()).toEqual(figuresBefore);
    // A deadline at or before the end may breach (a loaded machine opens the case later in the
    // day); none past it can, on a clock that stands still.
    const breaches = await svc.ctx.pool.query('SELECT 1 FROM sla_breaches WHERE at > $1', [END]);
    expect(breaches.rowCount).toBe(0);
  }, 60_000);
});
