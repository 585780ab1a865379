import { createPool, inboxMigration, migrate, outboxMigration } from '@forewarn/db';
import { createLogger } from '@forewarn/observability';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';

const logger = createLogger({ name: 'order-migrate-test', level: 'silent' });

/** An order database written before the site and carriers existed upgrades in place. */
describe('0005_order_site_carriers upgrades an existing database', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const run = (upTo: number) =>
    migrate(pool, {
      schema: 'orders',
      logger,
      migrations: [
        { id: '0000_inbox', sql: inboxMigration('orders') },
        { id: '0000_outbox', sql: outboxMigration('orders') },
        ...migrations.slice(0, upTo),
      ],
    });

  beforeAll(async () => {
    env = await createTestEnv('order-migrate');
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 2,
      applicationName: 'order-migrate-test',
      schema: 'orders',
      logger,
    });
    await run(migrations.findIndex((m) => m.id === '0005_order_site_carriers'));
    const event = (id: string, orderId: string, type: string, at: string, payload: object) =>
      pool.query(`INSERT INTO order_events VALUES ('test', $1, $2, $3, $4, $5)`, [
        id,
        orderId,
        type,
        at,
        JSON.stringify({ type, payload }),
      ]);
    await event('e1', 'SO-1', 'wms.wave.released', '2025-01-01T00:00:00Z', { warehouseId: 'WH-A' });
    await event('e2', 'SO-1', 'wms.pack.completed', '2025-01-02T00:00:00Z', {
      warehouseId: 'WH-B',
    });
    await event('e3', 'SO-1', 'wms.shipment.confirmed', '2025-01-03T00:00:00Z', { carrier: 'ups' });
    await event('e4', 'SO-1', 'shipment.status-changed', '2025-01-04T00:00:00Z', {
      carrier: 'fedex',
    });
    for (const orderId of ['SO-1', 'SO-2']) {
      await pool.query(
        `INSERT INTO orders (order_id, customer_id, customer_tier, po_number, ship_to, currency,
           order_value_minor, status, promised_ship_date, promised_delivery_date, shipment_ids,
           invoices, returns, event_count)
         VALUES ($1, 'C-1', 'retail', $1, '{}', 'USD', 0, 'open', '2025-01-01', '2025-01-02',
           '{}', '[]', '[]', 0)`,
        [orderId],
      );
      await pool.query(`INSERT INTO order_state VALUES ($1, '{}')`, [orderId]);
    }
    await run(migrations.length);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('gives each stored order the latest WMS site and every carrier its events named', async () => {
    const { rows } = await pool.query(
      'SELECT order_id, site_id, carriers FROM orders ORDER BY order_id',
    );
    expect(rows).toEqual([
      { order_id: 'SO-1', site_id: 'WH-B', carriers: ['fedex', 'ups'] },
      { order_id: 'SO-2', site_id: null, carriers: [] },
    ]);
  });

  it('drops the saved fold states, which lack the site, so each order refolds once', async () => {
    expect((await pool.query('SELECT 1 FROM order_state')).rowCount).toBe(0);
  });
});
