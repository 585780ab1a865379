import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../domain/projection/order-view.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import { migratedPool } from '../testing/db.js';
import { rowByRow } from '../workflow/bulk-store.js';
import { checkStorable, pgBulk } from './bulk.js';
import { pgStore } from './pg-store.js';

/**
 * Each multi-row write against its one-row counterpart: the same changes, applied once with the
 * one-row statements under tenant "one" and once with pgBulk under tenant "many", leave the
 * same rows.
 */
describe('pgBulk: one statement per kind, the semantics of the one-row writes', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const sides = () => [
    { tenant: 'one', bulk: rowByRow(pgStore(pool, () => [])) },
    { tenant: 'many', bulk: pgBulk(pool) },
  ];
  const rowsOf = async (sql: string, tenant: string) =>
    (await pool.query(sql, [tenant])).rows as Record<string, unknown>[];

  beforeAll(async () => {
    env = await createTestEnv('detector-bulk');
    pool = await migratedPool(env.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('merges scans per parcel and keeps the earliest ship-confirm', async () => {
    for (const { tenant, bulk } of sides()) {
      await bulk.recordScans([
        { tenantId: tenant, trackingNumber: 'TN1', at: '2025-03-03T10:00:00Z' },
      ]);
      await bulk.recordScans([
        { tenantId: tenant, trackingNumber: 'TN1', at: '2025-03-03T12:00:00Z' },
        { tenantId: tenant, trackingNumber: 'TN1', at: '2025-03-03T10:00:00.000Z' },
        { tenantId: tenant, trackingNumber: 'TN1', at: '2025-03-03T09:00:00Z' },
        { tenantId: tenant, trackingNumber: 'TN2', at: '2025-03-03T11:00:00Z' },
      ]);
      await bulk.recordShipped([{ tenantId: tenant, orderId: 'o1', at: '2025-03-03T10:00:00Z' }]);
      await bulk.recordShipped([
        { tenantId: tenant, orderId: 'o1', at: '2025-03-03T11:00:00Z' },
        { tenantId: tenant, orderId: 'o1', at: '2025-03-03T08:00:00Z' },
        { tenantId: tenant, orderId: 'o2', at: '2025-03-03T09:00:00Z' },
      ]);
    }
    const scans = (t: string) =>
      rowsOf('SELECT tracking_number, scans FROM parcel_scans WHERE tenant_id = $1 ORDER BY 1', t);
    const shipped = (t: string) =>
      rowsOf('SELECT order_id, shipped_at FROM order_shipped WHERE tenant_id = $1 ORDER BY 1', t);
    expect(await scans('many')).toEqual(await scans('one'));
    expect((await scans('many'))[0]?.['scans']).toHaveLength(3);
    expect(await shipped('many')).toEqual(await shipped('one'));
  });

  it('arms, re-arms, keeps fired, cancels and forgets timers as one-row writes do', async () => {
    const spec = (tenant: string, n: number, dueAt: string): TimerSpec => ({
      timerId: `late_shipment:${tenant}:o${n}`,
      kind: 'late_shipment',
      tenantId: tenant,
      subject: { kind: 'order', id: `o${n}` },
      dueAt,
    });
    const at = new Date('2025-03-03T10:00:00Z');
    for (const { tenant, bulk } of sides()) {
      await bulk.schedule([1, 2, 3, 4, 5].map((n) => spec(tenant, n, '2025-03-04T00:00:00.000Z')));
      await pool.query(`UPDATE timers SET fired_at = $2 WHERE timer_id = ANY($1)`, [
        [`late_shipment:${tenant}:o1`, `late_shipment:${tenant}:o2`],
        at,
      ]);
      // o1 again at the same deadline (stays fired), o2 at a new one (armed again).
      await bulk.schedule([
        spec(tenant, 1, '2025-03-04T00:00:00.000Z'),
        spec(tenant, 2, '2025-03-05T00:00:00.000Z'),
      ]);
      await bulk.cancel([
        { timerId: `late_shipment:${tenant}:o3`, at, asOf: '2025-03-05T00:00:00.000Z' },
        { timerId: `late_shipment:${tenant}:o4`, at, asOf: '2025-03-03T00:00:00.000Z' },
        { timerId: `late_shipment:${tenant}:o5`, at, forget: true },
        { timerId: `late_shipment:${tenant}:o1`, at },
      ]);
    }
    const timers = async (t: string) =>
      (
        await rowsOf(
          `SELECT timer_id, due_at, fired_at, cancelled_at FROM timers WHERE tenant_id = $1 ORDER BY 1`,
          t,
        )
      ).map((r) => ({
        timer_id: String(r['timer_id']).replace(`:${t}:`, ':'),
        due_at: r['due_at'],
        fired_at: r['fired_at'],
        cancelled_at: r['cancelled_at'],
      }));
    expect(await timers('many')).toEqual(await timers('one'));
    expect((await timers('many')).map((r) => [r.timer_id, Boolean(r.cancelled_at)])).toEqual([
      ['late_shipment:o1', false],
      ['late_shipment:o2', false],
      ['late_shipment:o3', false],
      ['late_shipment:o4', true],
    ]);
  });

  it('keeps the first of each notice, repeats in one call included', async () => {
    const notice = (tenant: string, id: string, sentAt: string) => ({
      tenantId: tenant,
      notificationId: id,
      triggerEventId: 'ev1',
      sentAt,
      channel: 'email',
      template: 'delay',
    });
    for (const { tenant, bulk } of sides()) {
      await bulk.recordNotices([notice(tenant, 'n1', '2025-03-03T10:00:00.000Z')]);
      await bulk.recordNotices([
        notice(tenant, 'n1', '2025-03-03T11:00:00.000Z'),
        notice(tenant, 'n2', '2025-03-03T12:00:00.000Z'),
        notice(tenant, 'n2', '2025-03-03T13:00:00.000Z'),
      ]);
    }
    const notices = (t: string) =>
      rowsOf(
        'SELECT notification_id, sent_at, data FROM customer_notices WHERE tenant_id = $1 ORDER BY 1',
        t,
      );
    expect(await notices('many')).toEqual(await notices('one'));
    expect((await notices('many')).map((r) => (r['sent_at'] as Date).toISOString())).toEqual([
      '2025-03-03T10:00:00.000Z',
      '2025-03-03T12:00:00.000Z',
    ]);
  });

  it('writes and reads back views by (tenant, id)', async () => {
    const order = (tenant: string, id: string, po: string) =>
      ({
        tenantId: tenant,
        orderId: id,
        customerId: 'c1',
        poNumber: po,
        lines: [],
      }) as unknown as OrderView;
    const bulk = pgBulk(pool);
    await bulk.saveOrders([order('many', 'o1', 'PO1'), order('many', 'o2', 'PO2')]);
    await bulk.saveOrders([order('many', 'o1', 'PO1b')]);
    const got = await bulk.orders([
      { tenantId: 'many', id: 'o1' },
      { tenantId: 'many', id: 'o3' },
      { tenantId: 'one', id: 'o2' },
    ]);
    expect(got.map((o) => [o.orderId, o.poNumber])).toEqual([['o1', 'PO1b']]);
  });

  it('refuses at once a row PostgreSQL could not store', () => {
    expect(() => checkStorable({ name: 'Bad\u0000Name' })).toThrow(/cannot store/);
    expect(() => checkStorable({ name: 'half \ud800 pair' })).toThrow(/cannot store/);
    expect(() => checkStorable({ name: 'Ünïcødé 😀' })).not.toThrow();
  });
});
