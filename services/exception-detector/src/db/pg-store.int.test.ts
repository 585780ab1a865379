import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../domain/projection/order-view.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import { migratedPool } from '../testing/db.js';
import { checkStorable } from './batch-rows.js';
import { recordNotices } from './notices.js';
import { recordScans } from './scans.js';
import { withTransaction } from '@forewarn/db';
import { timerId } from '../domain/rules/signals.js';
import { pgStore } from './pg-store.js';
import { cancelTimers, scheduleTimers, timersOf } from './timers.js';
import * as views from './views.js';

const NO_PLAN = {
  orders: [],
  shipments: [],
  shipmentsOf: [],
  skus: [],
  feeds: [],
  silences: [],
  subjects: [],
  notices: { citing: [], caseIds: [] },
};

/**
 * The store's one write path: each multi-row statement, called twice as two batches would, leaves
 * the rows the per-row rules call for (a row repeated within one call included).
 */
describe('the write-back: one statement per kind, per-row semantics', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const rowsOf = async (sql: string) => (await pool.query(sql)).rows as Record<string, unknown>[];

  beforeAll(async () => {
    env = await createTestEnv('detector-bulk');
    pool = await migratedPool(env.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('merges scans per parcel and keeps the earliest ship-confirm', async () => {
    await recordScans(pool, [{ trackingNumber: 'TN1', at: '2025-03-03T10:00:00Z' }]);
    await recordScans(pool, [
      { trackingNumber: 'TN1', at: '2025-03-03T12:00:00Z' },
      { trackingNumber: 'TN1', at: '2025-03-03T10:00:00.000Z' },
      { trackingNumber: 'TN1', at: '2025-03-03T09:00:00Z' },
      { trackingNumber: 'TN2', at: '2025-03-03T11:00:00Z' },
    ]);
    await views.recordShipped(pool, [{ orderId: 'o1', at: '2025-03-03T10:00:00Z' }]);
    await views.recordShipped(pool, [
      { orderId: 'o1', at: '2025-03-03T11:00:00Z' },
      { orderId: 'o1', at: '2025-03-03T08:00:00Z' },
      { orderId: 'o2', at: '2025-03-03T09:00:00Z' },
    ]);
    expect(await rowsOf('SELECT tracking_number, scans FROM parcel_scans ORDER BY 1')).toEqual([
      {
        tracking_number: 'TN1',
        scans: ['2025-03-03T09:00:00.000Z', '2025-03-03T10:00:00.000Z', '2025-03-03T12:00:00.000Z'],
      },
      { tracking_number: 'TN2', scans: ['2025-03-03T11:00:00.000Z'] },
    ]);
    const shipped = await rowsOf('SELECT order_id, shipped_at FROM order_shipped ORDER BY 1');
    expect(shipped.map((r) => [r['order_id'], (r['shipped_at'] as Date).toISOString()])).toEqual([
      ['o1', '2025-03-03T08:00:00.000Z'],
      ['o2', '2025-03-03T09:00:00.000Z'],
    ]);
  });

  it('arms, re-arms, keeps fired, cancels and forgets timers', async () => {
    const spec = (n: number, dueAt: string): TimerSpec => ({
      timerId: `late_shipment:t${n}`,
      kind: 'late_shipment',
      subject: { kind: 'order', id: `t${n}` },
      dueAt,
    });
    const at = new Date('2025-03-03T10:00:00Z');
    await scheduleTimers(
      pool,
      [1, 2, 3, 4, 5].map((n) => spec(n, '2025-03-04T00:00:00.000Z')),
    );
    await pool.query(`UPDATE timers SET fired_at = $2 WHERE timer_id = ANY($1)`, [
      ['late_shipment:t1', 'late_shipment:t2'],
      at,
    ]);
    // t1 again at the same deadline (stays fired), t2 at a new one (armed again).
    await scheduleTimers(pool, [
      spec(1, '2025-03-04T00:00:00.000Z'),
      spec(2, '2025-03-05T00:00:00.000Z'),
    ]);
    await cancelTimers(pool, [
      { timerId: 'late_shipment:t3', at, asOf: '2025-03-05T00:00:00.000Z' },
      { timerId: 'late_shipment:t4', at, asOf: '2025-03-03T00:00:00.000Z' },
      { timerId: 'late_shipment:t5', at, forget: true },
      { timerId: 'late_shipment:t1', at },
    ]);
    const timers = await rowsOf(
      `SELECT timer_id, due_at, fired_at IS NOT NULL AS fired, cancelled_at IS NOT NULL AS cancelled
       FROM timers ORDER BY 1`,
    );
    expect(
      timers.map((r) => [
        r['timer_id'],
        (r['due_at'] as Date).toISOString(),
        r['fired'],
        r['cancelled'],
      ]),
    ).toEqual([
      ['late_shipment:t1', '2025-03-04T00:00:00.000Z', true, false],
      ['late_shipment:t2', '2025-03-05T00:00:00.000Z', false, false],
      ['late_shipment:t3', '2025-03-04T00:00:00.000Z', false, false],
      ['late_shipment:t4', '2025-03-04T00:00:00.000Z', false, true],
    ]);
  });

  it('keeps the first of each notice, repeats in one call included', async () => {
    const notice = (id: string, sentAt: string) => ({
      notificationId: id,
      triggerEventId: 'ev1',
      sentAt,
      channel: 'email',
      template: 'delay',
    });
    await recordNotices(pool, [notice('n1', '2025-03-03T10:00:00.000Z')]);
    await recordNotices(pool, [
      notice('n1', '2025-03-03T11:00:00.000Z'),
      notice('n2', '2025-03-03T12:00:00.000Z'),
      notice('n2', '2025-03-03T13:00:00.000Z'),
    ]);
    const notices = await rowsOf(
      'SELECT notification_id, sent_at, data FROM customer_notices ORDER BY 1',
    );
    expect(
      notices.map((r) => [r['notification_id'], (r['sent_at'] as Date).toISOString()]),
    ).toEqual([
      ['n1', '2025-03-03T10:00:00.000Z'],
      ['n2', '2025-03-03T12:00:00.000Z'],
    ]);
    expect(notices[0]?.['data']).toEqual(notice('n1', '2025-03-03T10:00:00.000Z'));
  });

  it('writes and reads back views by id', async () => {
    const order = (id: string, po: string) =>
      ({ orderId: id, customerId: 'c1', poNumber: po, lines: [] }) as unknown as OrderView;
    await views.saveOrders(pool, [order('v1', 'PO1'), order('v2', 'PO2')]);
    await views.saveOrders(pool, [order('v1', 'PO1b')]);
    const none = { shipmentsOf: [], shipments: [], skus: [], feeds: [] };
    const { orders: got } = await views.viewsOf(pool, { ...none, orders: ['v1', 'v3'] });
    expect(got.map((o) => [o.orderId, o.poNumber])).toEqual([['v1', 'PO1b']]);
  });

  it("reads a feed's silences ahead as timersOf reads them, until a timer of the feed changes", async () => {
    const feed = { kind: 'source_system' as const, id: 'carrier:ahead' };
    const silence = (since: string, dueAt: string, id: string = feed.id): TimerSpec => ({
      timerId: timerId('feed_stalled', id, since),
      kind: 'feed_stalled',
      subject: { ...feed, id },
      dueAt,
      detail: { lastSeenAt: since },
    });
    const from = new Date('2025-03-02T00:00:00Z');
    const fired = silence('2025-03-03T00:00:00.000Z', '2025-03-03T04:00:00.000Z');
    const armed = silence('2025-03-03T06:00:00.000Z', '2025-03-03T10:00:00.000Z');
    const cancelled = silence('2025-03-03T05:00:00.000Z', '2025-03-03T09:00:00.000Z');
    await scheduleTimers(pool, [
      fired,
      armed,
      cancelled,
      silence('2025-03-01T00:00:00.000Z', '2025-03-01T04:00:00.000Z'), // before the window
      silence('2025-03-03T06:00:00.000Z', '2025-03-03T10:00:00.000Z', 'carrier:other'),
      silence('2025-03-03T06:00:00.000Z', '2025-03-03T10:00:00.000Z', 'carrier:ahead:x'),
    ]);
    await pool.query(`UPDATE timers SET fired_at = now() WHERE timer_id = $1`, [fired.timerId]);
    await cancelTimers(pool, [{ timerId: cancelled.timerId, at: from }]);
    const stored = await timersOf(pool, 'feed_stalled', feed, from);
    expect(stored.map((t) => [t.timerId, t.fired])).toEqual([
      [fired.timerId, true],
      [armed.timerId, false],
    ]);
    await withTransaction(pool, async (db) => {
      let reads = 0;
      const counted = ((...a: [string, unknown[]]) => {
        reads++;
        return db.query(...a);
      }) as typeof db.query;
      const unit = pgStore({ query: counted }, []);
      const plan = { ...NO_PLAN, feeds: [feed.id], silences: [{ source: feed.id, from }] };
      await unit.preload(plan);
      expect(reads).toBe(1);
      expect(await unit.timersOf('feed_stalled', feed, from)).toEqual(stored);
      expect(reads).toBe(1);
      // Another window, or a timer of the feed armed since: read from the table.
      expect(await unit.timersOf('feed_stalled', feed, new Date('2025-02-01T00:00:00Z'))).toEqual([
        ...(await timersOf(db, 'feed_stalled', feed, new Date('2025-02-01T00:00:00Z'))),
      ]);
      expect(reads).toBe(2);
      const next = silence('2025-03-03T07:00:00.000Z', '2025-03-03T11:00:00.000Z');
      await unit.schedule(next);
      const after = await unit.timersOf('feed_stalled', feed, from);
      expect(after.map((t) => t.timerId)).toEqual([fired.timerId, armed.timerId, next.timerId]);
    });
  });

  it('refuses at once a row PostgreSQL could not store', () => {
    expect(() => checkStorable({ name: 'Bad\u0000Name' })).toThrow(/cannot store/);
    expect(() => checkStorable({ name: 'half \ud800 pair' })).toThrow(/cannot store/);
    expect(() => checkStorable({ name: 'Ünïcødé 😀' })).not.toThrow();
  });
});
