import { tenancySweep } from '@forewarn/http/testing';
import { sampleOrderCreated, samplePickCompleted } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, produce, startOrderService } from '../testing/harness.js';

/** An order of `customerId`; both customers' orders share a PO number, as customers' POs may. */
const order = (orderId: string, customerId: string) =>
  sampleOrderCreated({
    refs: { orderId, customerId, poNumber: 'PO-SWEEP' },
    payload: { orderId, customerId, poNumber: 'PO-SWEEP', promisedDeliveryDate: '2025-03-07' },
  });

describe('order API tenancy sweep (integration: every route, as customer A, against B)', () => {
  let env: TestEnv;
  let svc: RunningService;
  let producer: Producer;

  beforeAll(async () => {
    env = await createTestEnv('order-sweep');
    svc = await startOrderService(env);
    producer = env.kafka.producer();
    await producer.connect();
    await produce(producer, env.prefix, [
      order('SO-SWEEP-A', 'C-ACME'),
      order('SO-SWEEP-G', 'C-GLOBEX'),
      samplePickCompleted({
        eventId: 'pick-sweep-g',
        refs: { orderId: 'SO-SWEEP-G', customerId: 'C-GLOBEX' },
        payload: { orderId: 'SO-SWEEP-G' },
      }),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM order_events',
        );
        return rows[0]?.n === '3' ? true : undefined;
      },
      { what: 'the seeded events', timeoutMs: 45_000 },
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it("gives C-ACME's key nothing of C-GLOBEX on any route", async () => {
    const { swept, failures } = await tenancySweep(svc.app, {
      key: KEYS.acme,
      staffKey: KEYS.csr,
      ours: { customerId: 'C-ACME', orderId: 'SO-SWEEP-A' },
      theirs: { customerId: 'C-GLOBEX', orderId: 'SO-SWEEP-G' },
      routes: { 'GET /v1/orders': { query: () => ({ poNumber: 'PO-SWEEP' }) } },
    });
    expect(failures).toEqual([]);
    expect(swept).toHaveLength(svc.app.routeAccess().length);
  });
});
