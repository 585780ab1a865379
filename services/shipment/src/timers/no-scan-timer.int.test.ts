import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, startShipments, type Shipments } from '../testing/harness.js';
import { shipmentStory } from '../testing/scenario.js';

const SHIPPED = Date.parse('2025-03-05T15:00:00Z');
const hours = (h: number) => new Date(SHIPPED + h * 3_600_000);

describe('no-scan timer (integration: real broker and database, test clock)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;
  let clock = hours(1);
  const now = () => clock;
  const domestic = shipmentStory('timer-dom');
  const scanned = shipmentStory('timer-scanned');
  const abroad = shipmentStory('timer-intl');

  const noScanEvents = async (db: Shipments, shipmentId: string) => {
    const { rows } = await db.ctx.pool.query<{ event_id: string }>(
      `SELECT event_id FROM outbox WHERE key = $1 AND headers->>'event-type' = 'shipment.no-scan-yet'`,
      [shipmentId],
    );
    return rows.map((r) => r.event_id);
  };
  const settle = () => new Promise((r) => setTimeout(r, 800)); // several poll intervals

  beforeAll(async () => {
    env = await createTestEnv('shipment-timer');
    svc = await startShipments(env, { now });
    producer = env.kafka.producer();
    await producer.connect();
    await publish(producer, env.prefix, [
      domestic.confirm(),
      scanned.confirm(),
      scanned.scan('in_transit', hours(10).toISOString()),
      abroad.confirm('2025-03-05T15:00:00Z', true),
    ]);
    await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM no_scan_timers',
        );
        const { rows: s } = await svc.ctx.pool.query(
          `SELECT 1 FROM shipments WHERE shipment_id = $1 AND status = 'in_transit'`,
          [scanned.shipmentId],
        );
        return Number(rows[0]?.n) === 3 && s.length === 1 ? true : undefined;
      },
      { what: 'three armed timers' },
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('does not fire before the threshold', async () => {
    clock = hours(23);
    await settle();
    expect(await noScanEvents(svc, domestic.shipmentId)).toEqual([]);
  });

  it('fires once at 24 h for a silent domestic shipment; a scan re-armed the other one', async () => {
    clock = hours(25);
    const fired = await eventually(
      async () => {
        const ids = await noScanEvents(svc, domestic.shipmentId);
        return ids.length > 0 ? ids : undefined;
      },
      { what: 'the no-scan event' },
    );
    await settle();
    expect(await noScanEvents(svc, domestic.shipmentId)).toEqual(fired);
    expect(fired).toHaveLength(1);
    expect(await noScanEvents(svc, scanned.shipmentId)).toEqual([]); // silent since hour 10: due at 34
    expect(await noScanEvents(svc, abroad.shipmentId)).toEqual([]); // international: due at 72
  });

  it('survives a restart: fires nothing twice, and fires what came due while it was down', async () => {
    const before = await noScanEvents(svc, domestic.shipmentId);
    await svc.stop();
    clock = hours(73);
    svc = await startShipments(env, { now });
    await eventually(
      async () => ((await noScanEvents(svc, abroad.shipmentId)).length === 1 ? true : undefined),
      {
        what: 'the international timer after the restart',
      },
    );
    await settle();
    expect(await noScanEvents(svc, domestic.shipmentId)).toEqual(before);
    expect(await noScanEvents(svc, scanned.shipmentId)).toHaveLength(1);
    expect(await noScanEvents(svc, abroad.shipmentId)).toHaveLength(1);
  });

  it('a scan cancels the fired silence and arms a new one', async () => {
    await publish(producer, env.prefix, [domestic.scan('in_transit', hours(74).toISOString())]);
    const timer = await eventually(
      async () => {
        const { rows } = await svc.ctx.pool.query<{ silent_since: Date; fired_at: Date | null }>(
          'SELECT silent_since, fired_at FROM no_scan_timers WHERE shipment_id = $1',
          [domestic.shipmentId],
        );
        return rows[0]?.silent_since.getTime() === hours(74).getTime() ? rows[0] : undefined;
      },
      { what: 'the re-armed timer' },
    );
    expect(timer.fired_at).toBeNull();
    // The history proves the first silence too: its id is the one the timer emitted, not a second.
    expect(await noScanEvents(svc, domestic.shipmentId)).toHaveLength(1);
  });
});
