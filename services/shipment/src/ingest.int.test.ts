import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentState } from './domain/types.js';
import { createEmptyDatabase, publish, startShipments, type Shipments } from './testing/harness.js';
import { shipmentStory } from './testing/scenario.js';

// The clock stands before every event time, so no no-scan timer fires during these tests.
const before = () => new Date('2025-01-01T00:00:00Z');

describe('shipment ingestion (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;

  const state = async (db: Shipments, id: string) => {
    const { rows } = await db.ctx.pool.query<{ state: ShipmentState }>(
      'SELECT state FROM shipments WHERE shipment_id = $1',
      [id],
    );
    return rows[0]?.state;
  };
  /** Waits until no event is held for its order's facts (these tests send none: 1 ms holds). */
  const released = (db: Shipments) =>
    until('held events released', async () => {
      const { rows } = await db.ctx.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM awaiting_order_facts',
      );
      return rows[0]?.n === '0' ? true : undefined;
    });
  const emittedTypes = async (db: Shipments, id: string) => {
    await released(db);
    const { rows } = await db.ctx.pool.query<{ type: string }>(
      `SELECT headers->>'event-type' AS type FROM outbox WHERE key = $1 ORDER BY id`,
      [id],
    );
    return rows.map((r) => r.type);
  };
  const until = <T>(what: string, check: () => Promise<T | undefined>) =>
    eventually(check, { what, timeoutMs: 20_000 });

  beforeAll(async () => {
    env = await createTestEnv('shipment-ingest');
    svc = await startShipments(env, { now: before });
    producer = env.kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('applies a duplicate delivery once', async () => {
    const s = shipmentStory('dup');
    const confirm = s.confirm();
    const scan = s.scan('in_transit', '2025-03-05T18:00:00Z');
    await publish(producer, env.prefix, [confirm, scan, confirm, scan, scan]);
    const st = await until('the shipment in transit', async () => {
      const x = await state(svc, s.shipmentId);
      return x?.status === 'in_transit' ? x : undefined;
    });
    // Later events prove the duplicates were consumed too.
    await publish(producer, env.prefix, [s.eta('2025-03-07T17:00:00Z', '2025-03-06T08:00:00Z')]);
    await until('the ETA', async () => ((await state(svc, s.shipmentId))?.eta ? true : undefined));
    expect(st.scans).toHaveLength(1);
    expect(await emittedTypes(svc, s.shipmentId)).toEqual([
      'shipment.status-changed',
      'shipment.status-changed',
      'shipment.eta-changed',
    ]);
  });

  it('keeps the newest status when an older scan arrives late, and keeps the late scan in history', async () => {
    const s = shipmentStory('late');
    await publish(producer, env.prefix, [
      s.confirm(),
      s.scan('out_for_delivery', '2025-03-07T08:00:00Z'),
      s.scan('picked_up', '2025-03-05T16:00:00Z'),
      s.scan('in_transit', '2025-03-06T09:00:00Z'),
    ]);
    const st = await until('three scans', async () => {
      const x = await state(svc, s.shipmentId);
      return x?.scans.length === 3 ? x : undefined;
    });
    expect(st.status).toBe('out_for_delivery');
    expect(st.scans.map((x) => x.status)).toEqual(['picked_up', 'in_transit', 'out_for_delivery']);
    // confirmed, out_for_delivery: the late scans changed nothing downstream.
    expect(await emittedTypes(svc, s.shipmentId)).toEqual([
      'shipment.status-changed',
      'shipment.status-changed',
    ]);
  });

  it('holds carrier events for an unknown tracking number and applies them when the ship-confirm arrives', async () => {
    const s = shipmentStory('orphan');
    await publish(producer, env.prefix, [
      s.scan('picked_up', '2025-03-05T16:00:00Z'),
      s.eta('2025-03-07T17:00:00Z', '2025-03-05T16:05:00Z'),
      s.scan('exception', '2025-03-06T09:00:00Z'),
    ]);
    await until('the orphans stored', async () => {
      const { rows } = await svc.ctx.pool.query('SELECT 1 FROM events WHERE tracking_number = $1', [
        s.tn,
      ]);
      return rows.length === 3 ? true : undefined;
    });
    expect(await state(svc, s.shipmentId)).toBeUndefined();
    expect(await emittedTypes(svc, s.shipmentId)).toEqual([]);

    await publish(producer, env.prefix, [s.confirm('2025-03-05T15:00:00Z')]);
    const st = await until('the shipment', () => state(svc, s.shipmentId));
    expect([st.status, st.exceptionReason, st.eta, st.scans.length]).toEqual([
      'exception',
      'weather',
      '2025-03-07T17:00:00Z',
      2,
    ]);
    expect(await emittedTypes(svc, s.shipmentId)).toEqual([
      'shipment.status-changed', // confirmed
      'shipment.status-changed', // picked_up
      'shipment.eta-changed',
      'shipment.status-changed', // exception
      'shipment.exception-scanned',
    ]);
  });

  it('dead-letters a message that is not a contract event', async () => {
    await producer.send({
      topic: `${env.prefix}source.carrier.tracking`,
      messages: [{ key: 'x', value: Buffer.from('{"not":"avro"}') }],
    });
    await until('the DLQ message', async () => {
      const offsets = await env.admin.fetchTopicOffsets(`${env.prefix}dlq.shipment`);
      return offsets.some((o) => o.high !== '0') ? true : undefined;
    });
  });

  it('replaying the topics from the beginning into an empty database gives the same state and event ids', async () => {
    const s = shipmentStory('replay');
    await publish(producer, env.prefix, [
      s.scan('in_transit', '2025-03-06T09:00:00Z'),
      s.confirm(),
      s.pod('2025-03-07T11:00:00Z'),
    ]);
    await until('delivered', async () =>
      (await state(svc, s.shipmentId))?.status === 'delivered' ? true : undefined,
    );
    const snapshot = async (db: Shipments) => {
      await released(db);
      const q = async (sql: string) => (await db.ctx.pool.query(sql)).rows;
      return {
        shipments: await q('SELECT * FROM shipments ORDER BY shipment_id'),
        events: await q(
          'SELECT event_id, type, shipment_id, tracking_number, occurred_at, body, intents FROM events ORDER BY event_id',
        ),
        links: await q('SELECT * FROM tracking_links ORDER BY tracking_number'),
        parcels: await q('SELECT * FROM parcels ORDER BY tracking_number'),
        emitted: await q('SELECT event_id, type, shipment_id FROM emitted ORDER BY event_id'),
        outbox: await q('SELECT event_id, topic, key, value FROM outbox ORDER BY event_id'),
      };
    };
    const live = await snapshot(svc);
    const total = live.events.length;
    await svc.stop();

    const fresh = await createEmptyDatabase(env.databaseUrl, 'replay');
    const replay = await startShipments(env, {
      databaseUrl: fresh.url,
      now: before,
      extraEnv: { CONSUMER_GROUP: 'shipment-replay' },
    });
    try {
      await until('the replay to catch up', async () => {
        const { rows } = await replay.ctx.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM events',
        );
        return Number(rows[0]?.n) === total ? true : undefined;
      });
      // Let the last batch's projection commit with its events (same transaction), then compare.
      const again = await snapshot(replay);
      expect(again.shipments).toEqual(live.shipments);
      expect(again.events).toEqual(live.events);
      expect(again.links).toEqual(live.links);
      expect(again.parcels).toEqual(live.parcels);
      expect(again.emitted).toEqual(live.emitted);
      expect(again.outbox.map((o: { event_id: string }) => o.event_id)).toEqual(
        live.outbox.map((o: { event_id: string }) => o.event_id),
      );
      expect(live.emitted.length).toBeGreaterThan(10);
    } finally {
      await replay.stop();
      await fresh.drop();
    }
  });
});
