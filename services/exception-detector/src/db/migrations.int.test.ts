import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedPool } from '../testing/db.js';
import { migrations } from './migrations.js';
import { loadCase } from './cases.js';
import { timersOf } from './timers.js';
import { viewsOf } from './views.js';

/** A database written while rows carried a tenant upgrades in place to the single-tenant schema. */
describe('9003_single_tenant upgrades an existing database', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const caseId = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    env = await createTestEnv('detector-migrate');
    const before = migrations.findIndex((m) => m.id === '9003_single_tenant');
    const old = await migratedPool(env.databaseUrl, before);
    await old.query(
      `INSERT INTO order_views (tenant_id, order_id, customer_id, po_number, data)
       VALUES ('default', 'o1', 'c1', 'PO1', '{"tenantId":"default","orderId":"o1","customerId":"c1","poNumber":"PO1","lines":[]}')`,
    );
    await old.query(
      `INSERT INTO cases (case_id, tenant_id, case_type, subject_kind, subject_id, status, origin, queue,
         priority, escalation_level, opened_at, updated_at, version, data)
       VALUES ($1, 'default', 'carrier_delay', 'order', 'o1', 'open', 'proactive', 'q', 'normal', 'none',
         now(), now(), 1, $2)`,
      [caseId, JSON.stringify({ caseId, tenantId: 'default', caseType: 'carrier_delay' })],
    );
    await old.query(
      `INSERT INTO timers (timer_id, tenant_id, kind, due_at, spec)
       VALUES ('late_shipment:default:o1', 'default', 'late_shipment', '2025-03-04T00:00:00Z', $1)`,
      [
        JSON.stringify({
          timerId: 'late_shipment:default:o1',
          kind: 'late_shipment',
          tenantId: 'default',
          subject: { kind: 'order', id: 'o1' },
          dueAt: '2025-03-04T00:00:00.000Z',
        }),
      ],
    );
    await old.end();
    pool = await migratedPool(env.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('drops tenant_id everywhere, keeps the rows and strips the tenant from their documents', async () => {
    const { rows } = await pool.query(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = 'detector' AND column_name = 'tenant_id'`,
    );
    expect(rows).toEqual([]);
    const none = { shipmentsOf: [], shipments: [], skus: [], feeds: [] };
    expect((await viewsOf(pool, { ...none, orders: ['o1'] })).orders).toEqual([
      {
        orderId: 'o1',
        customerId: 'c1',
        poNumber: 'PO1',
        lines: [],
      },
    ]);
    expect(await loadCase(pool, caseId)).toEqual({ caseId, caseType: 'carrier_delay' });
    const timers = await timersOf(pool, 'late_shipment', { kind: 'order', id: 'o1' }, new Date(0));
    expect(timers.map((t) => [t.timerId, 'tenantId' in t])).toEqual([
      ['late_shipment:default:o1', false],
    ]);
  });

  it('keys the views by their own id alone', async () => {
    await expect(
      pool.query(
        `INSERT INTO order_views (order_id, customer_id, po_number, data) VALUES ('o1', 'c2', 'PO2', '{}')`,
      ),
    ).rejects.toThrow(/duplicate key/);
  });
});
