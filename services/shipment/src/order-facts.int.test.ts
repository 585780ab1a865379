import { decodeEvent, encodeEvent, keyFor, TOPIC, type DomainEvent } from '@forewarn/contracts';
import { sampleOrderStatusChanged } from '@forewarn/contracts/fixtures';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, startShipments, type Shipments } from './testing/harness.js';
import { shipmentStory } from './testing/scenario.js';

const before = () => new Date('2025-01-01T00:00:00Z');

describe('order facts on shipment events (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;

  const emitted = async (shipmentId: string): Promise<DomainEvent[]> => {
    const { rows } = await svc.ctx.pool.query<{ value: Buffer }>(
      'SELECT value FROM outbox WHERE key = $1 ORDER BY id',
      [shipmentId],
    );
    return rows.map((r) => decodeEvent(r.value).event as DomainEvent);
  };

  beforeAll(async () => {
    env = await createTestEnv('shipment-order-facts');
    // Holds last long here: a shipment announced before its order's facts waits for them.
    svc = await startShipments(env, { now: before, extraEnv: { ORDER_FACTS_HOLD_MS: '600000' } });
    producer = env.kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('given the order service published the order, when the shipment is confirmed and scanned, then every shipment event carries its customer, tier and promise', async () => {
    const s = shipmentStory('facts', 'C-RETAIL-9');
    const order = sampleOrderStatusChanged({
      occurredAt: '2025-03-03T10:00:00Z',
      payload: {
        orderId: s.orderId,
        customerId: 'C-RETAIL-9',
        customerName: 'Corner Hardware',
        customerTier: 'retail',
        poNumber: 'PO-facts',
        promisedDeliveryDate: '2025-03-07',
        deliverBy: '2025-03-08T04:59:59.999Z',
        timezone: 'America/New_York',
      },
    });
    await producer.send({
      topic: `${env.prefix}${TOPIC.orders}`,
      messages: [{ key: keyFor(order), value: encodeEvent(order) }],
    });
    // The facts are kept before the shipment shows up, as in life: the order comes first.
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query('SELECT 1 FROM order_facts WHERE order_id = $1', [
          s.orderId,
        ]);
        return rows.length > 0 ? true : undefined;
      },
      { what: 'the order facts', timeoutMs: 20_000 },
    );
    await publish(producer, env.prefix, [
      s.confirm(),
      s.scan('in_transit', '2025-03-05T18:00:00Z'),
    ]);
    const events = await eventually(
      async () => {
        const got = await emitted(s.shipmentId);
        return got.length >= 2 ? got : undefined;
      },
      { what: 'two shipment events', timeoutMs: 20_000 },
    );
    for (const e of events) {
      const p = e.payload as Record<string, unknown>;
      expect(p).toMatchObject({
        customerTier: 'retail',
        customerName: 'Corner Hardware',
        deliverBy: '2025-03-08T04:59:59.999Z',
        promisedDeliveryDate: '2025-03-07',
        timezone: 'America/New_York',
      });
      expect(e.schemaVersion).toBe(3); // the version without tenantId
      expect(e).not.toHaveProperty('tenantId');
    }
  });

  it('given an older order event arriving after a newer one, when kept, then the newer facts stay', async () => {
    const s = shipmentStory('facts-order', 'C-ACME');
    const newer = sampleOrderStatusChanged({
      occurredAt: '2025-03-04T10:00:00Z',
      payload: {
        orderId: s.orderId,
        customerTier: 'enterprise',
        deliverBy: '2025-03-11T03:59:59.999Z',
      },
    });
    const older = sampleOrderStatusChanged({
      occurredAt: '2025-03-03T10:00:00Z',
      payload: {
        orderId: s.orderId,
        customerTier: 'enterprise',
        deliverBy: '2025-03-08T04:59:59.999Z',
      },
    });
    await producer.send({
      topic: `${env.prefix}${TOPIC.orders}`,
      messages: [newer, older].map((e) => ({ key: keyFor(e), value: encodeEvent(e) })),
    });
    const kept = await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{
          facts: { deliverBy: string; asOfEventId: string };
        }>('SELECT facts FROM order_facts WHERE order_id = $1', [s.orderId]);
        return rows[0]?.facts;
      },
      { what: 'the order facts', timeoutMs: 20_000 },
    );
    // Both were read (one batch or two); the newer one is what remains.
    await new Promise((r) => setTimeout(r, 1_000));
    const { rows } = await svc.ctx.pool.query<{ facts: { deliverBy: string } }>(
      'SELECT facts FROM order_facts WHERE order_id = $1',
      [s.orderId],
    );
    expect(kept).toBeDefined();
    expect(rows[0]?.facts.deliverBy).toBe('2025-03-11T03:59:59.999Z');
  });

  it('given a shipment announced before the order service described its order, when the facts arrive, then its events go out with them, in order', async () => {
    const s = shipmentStory('facts-late', 'C-LATE-1');
    await publish(producer, env.prefix, [
      s.confirm(),
      s.scan('in_transit', '2025-03-05T18:00:00Z'),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM awaiting_order_facts WHERE order_id = $1',
          [s.orderId],
        );
        return rows[0]?.n === '2' ? true : undefined;
      },
      { what: 'two events held for the facts', timeoutMs: 20_000 },
    );
    expect(await emitted(s.shipmentId)).toEqual([]);
    const order = sampleOrderStatusChanged({
      occurredAt: '2025-03-03T10:00:00Z',
      payload: { orderId: s.orderId, customerId: 'C-LATE-1', customerTier: 'regional_reseller' },
    });
    await producer.send({
      topic: `${env.prefix}${TOPIC.orders}`,
      messages: [{ key: keyFor(order), value: encodeEvent(order) }],
    });
    const events = await eventually(
      async () => {
        const got = await emitted(s.shipmentId);
        return got.length >= 2 ? got : undefined;
      },
      { what: 'the held events released', timeoutMs: 20_000 },
    );
    expect(events.map((e) => (e.payload as { status?: string }).status)).toEqual([
      'confirmed',
      'in_transit',
    ]);
    for (const e of events)
      expect((e.payload as { customerTier?: string }).customerTier).toBe('regional_reseller');
  });
});
