import { TOPIC } from '@forewarn/contracts';
import {
  sampleAllocationUpdated,
  sampleCreditHoldPlaced,
  sampleCreditHoldReleased,
  sampleInvoiceIssued,
  sampleOrderChanged,
  sampleOrderCreated,
  samplePackCompleted,
  samplePickCompleted,
  sampleReturnReceived,
  sampleShipmentConfirmed,
  sampleShipmentDelivered,
  sampleWaveReleased,
} from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents } from './db/read-model-query.js';
import { eventsOfFold } from './domain/emit.js';
import type { OrderInputEvent } from './domain/events.js';
import { foldOrder } from './domain/fold.js';
import { snapshot } from './testing/fixtures.js';
import { produce, startOrderService } from './testing/harness.js';

/** A full lifecycle of one order, every event carrying the given ids, in event-time order. */
function lifecycle(orderId: string, poNumber = `PO-${orderId}`): OrderInputEvent[] {
  const refs = { orderId, poNumber, customerId: 'C-ACME' };
  const o = { refs, payload: { orderId } };
  const shipmentId = `SHP-${orderId}`;
  return [
    sampleOrderCreated({ refs, payload: { orderId, poNumber } }),
    sampleAllocationUpdated(o),
    sampleCreditHoldPlaced(o),
    sampleCreditHoldReleased(o),
    sampleOrderChanged({
      refs,
      payload: { orderId, poNumber, promisedDeliveryDate: '2025-03-10' },
    }),
    sampleWaveReleased(o),
    samplePickCompleted(o),
    samplePackCompleted(o),
    sampleShipmentConfirmed({ refs, payload: { orderId, shipmentId } }),
    sampleInvoiceIssued(o),
    sampleShipmentDelivered({ refs, payload: { orderId, shipmentId } }),
    sampleReturnReceived(o),
  ];
}

const count = async (pool: pg.Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

describe('order projection (integration: real broker and database)', () => {
  let env: TestEnv;
  let replayEnv: TestEnv;
  let svc: RunningService;
  let producer: Producer;
  const sent: OrderInputEvent[] = [];
  const send = async (events: OrderInputEvent[]) => {
    sent.push(...events);
    await produce(producer, env.prefix, events);
  };
  const orderRow = (orderId: string) =>
    svc.ctx.pool
      .query('SELECT * FROM orders WHERE order_id = $1', [orderId])
      .then((r) => r.rows[0]);
  const eventCount = (orderId: string) =>
    count(svc.ctx.pool, 'SELECT count(*) AS n FROM order_events WHERE order_id = $1', [orderId]);
  const until = (orderId: string, n: number) =>
    eventually(async () => ((await eventCount(orderId)) === n ? true : undefined), {
      what: `${n} events of ${orderId}`,
      timeoutMs: 30_000,
    });

  beforeAll(async () => {
    env = await createTestEnv('order-proj');
    svc = await startOrderService(env);
    producer = env.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
    await replayEnv?.cleanup();
  });

  it('applies a duplicate once and emits its domain events once', async () => {
    const created = sampleOrderCreated({
      payload: { orderId: 'SO-DUP' },
      refs: { orderId: 'SO-DUP' },
    });
    const pick = samplePickCompleted({
      payload: {
        orderId: 'SO-DUP',
        lines: [{ lineNo: 1, sku: 'SKU-BOLT-M8', requestedQty: 100, pickedQty: 95, shortQty: 5 }],
      },
    });
    await send([created, pick]);
    await until('SO-DUP', 2);
    const emittedBefore = await count(
      svc.ctx.pool,
      "SELECT count(*) AS n FROM order_emissions WHERE order_id = 'SO-DUP'",
    );
    const rowBefore = await orderRow('SO-DUP');

    // Redeliveries, then a marker behind them on the same partitions: once the marker is in,
    // the duplicates have been consumed.
    await send([created, pick, pick]);
    const marker = samplePackCompleted({ payload: { orderId: 'SO-DUP' } });
    await send([marker]);
    await until('SO-DUP', 3);

    const shorts = await svc.ctx.pool.query(
      "SELECT * FROM order_emissions WHERE order_id = 'SO-DUP' AND type = 'order.line-short'",
    );
    expect(shorts.rowCount).toBe(1);
    expect(
      await count(
        svc.ctx.pool,
        "SELECT count(*) AS n FROM order_emissions WHERE order_id = 'SO-DUP'",
      ),
    ).toBe(emittedBefore);
    expect((await orderRow('SO-DUP')).event_count).toBe(rowBefore.event_count + 1);
    const line = await svc.ctx.pool.query(
      "SELECT short_qty, picked_qty FROM order_lines WHERE order_id = 'SO-DUP' AND line_no = 1",
    );
    expect(line.rows[0]).toEqual({ short_qty: 5, picked_qty: 95 });
  });

  it('reaches the same state whatever order the events arrive in', async () => {
    const inOrder = lifecycle('SO-ORD', 'PO-SAME');
    const shuffled = lifecycle('SO-SHUF', 'PO-SAME').reverse();
    await send(inOrder);
    await send(shuffled);
    await until('SO-ORD', inOrder.length);
    await until('SO-SHUF', shuffled.length);

    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ order_id: _o, cause_event_id: _c, shipment_ids: _s, ...rest }) => rest);
    const q = (sql: string, id: string) => svc.ctx.pool.query(sql, [id]).then((r) => strip(r.rows));
    for (const sql of [
      'SELECT * FROM orders WHERE order_id = $1',
      'SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no',
      'SELECT * FROM order_holds WHERE order_id = $1 ORDER BY hold_no',
      'SELECT * FROM order_status_history WHERE order_id = $1 ORDER BY seq',
    ]) {
      expect(await q(sql, 'SO-SHUF')).toEqual(await q(sql, 'SO-ORD'));
    }
    const order = await orderRow('SO-SHUF');
    expect(order.status).toBe('delivered');
    // The late, older order.created did not overwrite the newer order.changed promise.
    expect(order.promised_delivery_date.toISOString().slice(0, 10)).toBe('2025-03-10');
  });

  it('holds events of an order not known yet and applies them when it arrives', async () => {
    const pick = samplePickCompleted({
      payload: {
        orderId: 'SO-ORPH',
        lines: [{ lineNo: 2, sku: 'SKU-PUMP-200', requestedQty: 2, pickedQty: 1, shortQty: 1 }],
      },
    });
    await send([pick]);
    await until('SO-ORPH', 1);
    expect(await orderRow('SO-ORPH')).toBeUndefined();

    await send([
      sampleOrderCreated({ payload: { orderId: 'SO-ORPH' }, refs: { orderId: 'SO-ORPH' } }),
    ]);
    await until('SO-ORPH', 2);
    const order = await orderRow('SO-ORPH');
    expect(order.status).toBe('in_fulfilment');
    const line = await svc.ctx.pool.query(
      "SELECT picked_qty, short_qty FROM order_lines WHERE order_id = 'SO-ORPH' AND line_no = 2",
    );
    expect(line.rows[0]).toEqual({ picked_qty: 1, short_qty: 1 });
    const types = await svc.ctx.pool.query(
      "SELECT type FROM order_emissions WHERE order_id = 'SO-ORPH' ORDER BY type",
    );
    // open (the order arrives), then in_fulfilment (the held pick, which happened later).
    expect(types.rows.map((r) => r.type)).toEqual([
      'order.line-short',
      'order.status-changed',
      'order.status-changed',
    ]);
  });

  it('dead-letters a message it cannot decode and carries on', async () => {
    await producer.send({
      topic: `${env.prefix}${TOPIC.erpOrders}`,
      messages: [{ key: 'SO-BAD', value: Buffer.from('not an event') }],
    });
    await eventually(
      async () => {
        const offsets = await env.admin.fetchTopicOffsets(`${env.prefix}dlq.order`);
        return offsets.some((o) => Number(o.high) > 0) ? true : undefined;
      },
      { what: 'the message on dlq.order' },
    );
  });

  it('publishes each emitted event once to domain.orders through the outbox', async () => {
    const emitted = await count(svc.ctx.pool, 'SELECT count(*) AS n FROM order_emissions');
    await eventually(
      async () => {
        const offsets = await env.admin.fetchTopicOffsets(`${env.prefix}${TOPIC.orders}`);
        const published = offsets.reduce((s, o) => s + Number(o.high), 0);
        return published === emitted ? true : undefined;
      },
      { what: `${emitted} events on domain.orders` },
    );
  });

  it('replaying the topics from zero into an empty database gives identical state and event ids', async () => {
    replayEnv = await createTestEnv('order-replay');
    const replay = await startOrderService(
      { ...env, databaseUrl: replayEnv.databaseUrl },
      { ORDER_CONSUMER_GROUP: 'order-replay', ORDER_BATCH_SIZE: '7' },
    );
    try {
      const total = await count(svc.ctx.pool, 'SELECT count(*) AS n FROM order_events');
      expect(total).toBe(new Set(sent.map((e) => e.eventId)).size);
      await eventually(
        async () =>
          (await count(replay.ctx.pool, 'SELECT count(*) AS n FROM order_events')) === total
            ? true
            : undefined,
        { what: 'the replay to catch up', timeoutMs: 30_000 },
      );
      const [live, rebuilt] = [await snapshot(svc.ctx.pool), await snapshot(replay.ctx.pool)];
      const { order_emissions: liveIds, ...liveState } = live;
      const { order_emissions: rebuiltIds, ...rebuiltState } = rebuilt;
      expect(rebuiltState).toEqual(liveState);

      // Emitted ids are names of (order, change, cause), so both runs emit the same ids for
      // orders whose events were published in event-time order (all but SO-SHUF, sent
      // backwards on purpose), and both contain every id the final history implies.
      const ids = (rows: unknown[], keep: (orderId: string) => boolean) =>
        (rows as { event_id: string; order_id: string }[])
          .filter((r) => keep(r.order_id))
          .map((r) => r.event_id)
          .sort();
      const inOrder = (id: string) => id !== 'SO-SHUF';
      expect(ids(rebuiltIds ?? [], inOrder)).toEqual(ids(liveIds ?? [], inOrder));
      expect(ids(liveIds ?? [], inOrder).length).toBeGreaterThan(10);
      const stored = await orderEvents(svc.ctx.pool, 'SO-SHUF');
      const implied = eventsOfFold(foldOrder('SO-SHUF', stored).steps).map((e) => e.eventId);
      expect(ids(liveIds ?? [], (id) => id === 'SO-SHUF')).toEqual(expect.arrayContaining(implied));
      expect(ids(rebuiltIds ?? [], (id) => id === 'SO-SHUF')).toEqual(
        expect.arrayContaining(implied),
      );
    } finally {
      await replay.stop();
    }
  });
});
