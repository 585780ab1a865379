import { tenancySweep } from '@forewarn/http/testing';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, KEYS, publish, startShipments, type Shipments } from '../testing/harness.js';
import { shipmentStory } from '../testing/scenario.js';

describe('shipment API tenancy sweep (integration: every route, as customer A, against B)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;
  const a = shipmentStory('sweep-a', 'C-ACME');
  const b = shipmentStory('sweep-b', 'C-OTHER');

  beforeAll(async () => {
    env = await createTestEnv('shipment-sweep');
    svc = await startShipments(env, {
      extraEnv: { API_KEYS },
    });
    producer = env.kafka.producer();
    await producer.connect();
    await publish(producer, env.prefix, [
      a.confirm(),
      b.confirm(),
      b.scan('picked_up', '2025-03-05T16:00:00Z'),
      b.eta('2025-03-07T17:00:00Z', '2025-03-05T16:30:00Z'),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM shipments WHERE status IS NOT NULL`,
        );
        return Number(rows[0]?.n) === 2 ? true : undefined;
      },
      { what: 'both shipments' },
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it("gives C-ACME's key nothing of C-OTHER on any route", async () => {
    const { swept, failures } = await tenancySweep(svc.app, {
      key: KEYS.acme,
      staffKey: KEYS.csr,
      ours: { customerId: 'C-ACME', shipmentId: a.shipmentId, orderId: a.orderId },
      theirs: { customerId: 'C-OTHER', shipmentId: b.shipmentId, orderId: b.orderId },
      markers: [b.tn, 'PO-sweep-b'],
    });
    expect(failures).toEqual([]);
    expect(swept).toHaveLength(svc.app.routeAccess().length);
  });
});
