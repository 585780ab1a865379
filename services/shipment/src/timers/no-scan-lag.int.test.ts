import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, startShipments, type Shipments } from '../testing/harness.js';
import { shipmentStory } from '../testing/scenario.js';

const SHIPPED = Date.parse('2025-03-05T15:00:00Z');
const hours = (h: number) => new Date(SHIPPED + h * 3_600_000);

/**
 * The no-scan timers wait for the ingest consumer's watermark: a timer due while the consumer
 * lags behind a scan sent before its deadline does not fire, and once the consumer catches up
 * the scan has re-armed it. The lag is real: the test holds the advisory lock the consumer's
 * batch takes for the parcel, so the batch with the scan waits, unapplied, on the broker's
 * partition past the group's offset. The sources never count as idle here (an hour of wall
 * time), so only the watermark lets a timer fire.
 */
describe('no-scan timer and consumer lag (integration: real broker and database, test clock)', () => {
  let env: TestEnv;
  let svc: Shipments;
  let producer: Producer;
  let blocker: pg.Client;
  let clock = hours(1);
  const now = () => clock;
  const lagging = shipmentStory('lag-behind');
  const silent = shipmentStory('lag-silent');
  const later = shipmentStory('lag-later');

  const noScanEvents = async (shipmentId: string) => {
    const { rows } = await svc.ctx.pool.query<{ event_id: string }>(
      `SELECT event_id FROM outbox WHERE key = $1 AND headers->>'event-type' = 'shipment.no-scan-yet'`,
      [shipmentId],
    );
    return rows.map((r) => r.event_id);
  };
  const timerOf = async (shipmentId: string) => {
    const { rows } = await svc.ctx.pool.query<{ silent_since: Date; fired_at: Date | null }>(
      'SELECT silent_since, fired_at FROM no_scan_timers WHERE shipment_id = $1',
      [shipmentId],
    );
    return rows[0];
  };
  const settle = () => new Promise((r) => setTimeout(r, 1_500)); // several poll intervals

  beforeAll(async () => {
    env = await createTestEnv('shipment-timer-lag');
    svc = await startShipments(env, { now, extraEnv: { SOURCE_IDLE_MS: '3600000' } });
    producer = env.kafka.producer();
    await producer.connect();
    blocker = new pg.Client({ connectionString: env.databaseUrl });
    await blocker.connect();
    await publish(producer, env.prefix, [lagging.confirm(), silent.confirm()]);
    await eventually(
      async () =>
        (await timerOf(lagging.shipmentId)) && (await timerOf(silent.shipmentId))
          ? true
          : undefined,
      { what: 'both timers armed' },
    );
  });
  afterAll(async () => {
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await blocker?.end();
    await producer?.disconnect();
    await svc?.stop();
    await env?.cleanup();
  });

  it('given a scan sent before the deadline but not yet applied, then the timer does not fire while the consumer lags, and not after it caught up: the scan re-armed it', async () => {
    // The consumer's batch locks `shipment-tn:<tracking number>` first: holding it stalls the batch.
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `shipment-tn:${lagging.tn}`,
    ]);
    await publish(producer, env.prefix, [lagging.scan('in_transit', hours(20).toISOString())]);
    await eventually(
      async () => {
        const { rows } = await blocker.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        return rows.length > 0 ? true : undefined;
      },
      { what: 'the consumer waiting on the parcel with the scan' },
    );
    // Both timers (due at hour 24) are past due by the clock; the scan is on the topic, unread.
    clock = hours(25);
    await settle();
    expect(await noScanEvents(lagging.shipmentId)).toEqual([]);
    expect(await noScanEvents(silent.shipmentId)).toEqual([]);
    expect((await timerOf(lagging.shipmentId))?.fired_at).toBeNull();

    await blocker.query('COMMIT');
    const rearmed = await eventually(
      async () => {
        const t = await timerOf(lagging.shipmentId);
        return t?.silent_since.getTime() === hours(20).getTime() ? t : undefined;
      },
      { what: 'the timer re-armed by the scan' },
    );
    expect(rearmed.fired_at).toBeNull();
    await settle();
    expect(await noScanEvents(lagging.shipmentId)).toEqual([]);
  });

  it('given a shipment really silent, then its timer fires once the consumer has read the sources past its deadline', async () => {
    // Read up to the scan sent at hour 20: nothing says what was sent between 20 and 24 yet.
    await settle();
    expect(await noScanEvents(silent.shipmentId)).toEqual([]);
    // A later send (hour 26) read: every source is read past the deadline; still no scan.
    await publish(producer, env.prefix, [later.confirm(hours(26).toISOString())]);
    const fired = await eventually(
      async () => {
        const ids = await noScanEvents(silent.shipmentId);
        return ids.length > 0 ? ids : undefined;
      },
      { what: 'the silent shipment reported' },
    );
    await settle();
    expect(await noScanEvents(silent.shipmentId)).toEqual(fired);
    expect(fired).toHaveLength(1);
    // The scanned one is silent since hour 20 only: due at 44, not fired.
    expect(await noScanEvents(lagging.shipmentId)).toEqual([]);
  });
});
