import {
  sampleAllocationUpdated,
  sampleCreditHoldPlaced,
  sampleCreditHoldReleased,
  sampleOrderChanged,
  sampleOrderCreated,
  samplePickCompleted,
  sampleShipmentConfirmed,
  sampleShipmentDelivered,
} from '@forewarn/contracts/fixtures';
import { createPool, inboxMigration, migrate, outboxMigration } from '@forewarn/db';
import { createLogger } from '@forewarn/observability';
import { createTestEnv, recordStatements, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortEvents, type OrderInputEvent } from '../domain/events.js';
import { acked, issued, received, snapshot, STATE_TABLES } from '../testing/fixtures.js';
import type { PurchasingEvent } from '../domain/purchase-order.js';
import { applyBatch } from './apply-batch.js';
import { applyPurchasingBatch } from './purchasing.js';
import { migrations } from './migrations.js';

const logger = createLogger({ name: 'order-apply-batch-test', level: 'silent' });

/**
 * One order's events in lifecycle order (not event-time order: the fixtures stamp order.changed
 * before the allocation). Its order.changed drops line 2 (a rewrite must delete that line), and a
 * credit hold comes and goes (history and holds grow).
 */
function orderEvents(orderId: string): OrderInputEvent[] {
  const refs = { orderId, poNumber: `PO-${orderId}`, customerId: 'C-ACME' };
  const o = { refs, payload: { orderId } };
  const changed = sampleOrderChanged({ refs, payload: { orderId, poNumber: `PO-${orderId}` } });
  changed.payload.lines = changed.payload.lines.slice(0, 1);
  const shipmentId = `SHP-${orderId}`;
  return [
    sampleOrderCreated({ refs, payload: { orderId, poNumber: `PO-${orderId}` } }),
    sampleAllocationUpdated(o),
    sampleCreditHoldPlaced(o),
    sampleCreditHoldReleased(o),
    changed,
    samplePickCompleted(o),
    sampleShipmentConfirmed({ refs, payload: { orderId, shipmentId } }),
    sampleShipmentDelivered({ refs, payload: { orderId, shipmentId } }),
  ];
}

const TABLES = {
  ...STATE_TABLES,
  // Not the value: a domain event carries the order as known when it was first emitted, which
  // depends on what had arrived by then (it did before this change as well).
  outbox: 'SELECT event_id, topic, key FROM outbox ORDER BY event_id',
};

/** One purchase order's events: issued, acknowledged, two receipts. */
function purchasingEvents(po: string): PurchasingEvent[] {
  const supplier = `SUP-${po}`;
  return [
    issued(po, supplier, po),
    acked(po, supplier, '2025-03-03T16:00:00Z'),
    received(po, supplier, '2025-03-06T10:00:00Z', 40),
    received(po, supplier, '2025-03-07T10:00:00Z', 60),
  ];
}

/**
 * applyBatch writes a batch's read model in one statement (an upsert of each table's new rows
 * beside a delete of the rows they replace). Whatever the batch split, the tables must come out
 * as applying every event in its own batch leaves them.
 */
describe('applyBatch and applyPurchasingBatch (integration: real database)', () => {
  const envs: TestEnv[] = [];
  const pools: Record<'batched' | 'single', pg.Pool> = {} as never;

  beforeAll(async () => {
    // The order migrations name their schema: one database each.
    for (const name of ['batched', 'single'] as const) {
      const env = await createTestEnv(`order-apply-${name}`, { topology: false });
      envs.push(env);
      const schema = 'orders';
      const pool = createPool({
        databaseUrl: env.databaseUrl,
        max: 2,
        applicationName: 'order-apply-batch-test',
        schema,
        logger,
      });
      await migrate(pool, {
        schema,
        logger,
        migrations: [
          { id: '0000_inbox', sql: inboxMigration(schema) },
          { id: '0000_outbox', sql: outboxMigration(schema) },
          ...migrations,
        ],
      });
      pools[name] = pool;
    }
  });

  afterAll(async () => {
    await pools.batched?.end();
    await pools.single?.end();
    for (const env of envs) await env.cleanup();
  });

  it('leaves the same tables in big batches (with a late event and a redelivery) as one event a batch', async () => {
    const [a, b, c] = ['SO-B1', 'SO-B2', 'SO-B3'].map(orderEvents) as [
      OrderInputEvent[],
      OrderInputEvent[],
      OrderInputEvent[],
    ];
    // Order b's hold placement arrives late (after its delivery): that order refolds.
    const late = b[2] as OrderInputEvent;
    const first = [...a.slice(0, 5), ...b.filter((e) => e !== late), ...c.slice(0, 3)];
    const second = [late, ...a.slice(3), ...c.slice(3), c[0] as OrderInputEvent];

    const batched = recordStatements(pools.batched);
    const outcomes = [
      await applyBatch(batched.pool, first),
      await applyBatch(batched.pool, second),
    ];
    for (const e of [...first, ...second]) await applyBatch(pools.single, [e]);

    const [got, want] = [
      await snapshot(pools.batched, TABLES),
      await snapshot(pools.single, TABLES),
    ];
    for (const table of Object.keys(TABLES)) expect(got[table], table).toEqual(want[table]);

    // What the tables must hold, so the comparison above compares something.
    expect(want.orders).toHaveLength(3);
    expect(want.order_lines).toHaveLength(3); // order.changed dropped each order's line 2
    expect(want.order_holds).toHaveLength(3);
    expect(outcomes[1]?.stored).toBe(second.length - 3); // a[3], a[4] and c[0] were stored before
    expect(batched.transactionSizes).toHaveLength(2);
  });

  it('takes a fixed number of statements a batch, however many orders it touches', async () => {
    const orders = Array.from({ length: 20 }, (_, i) => sortEvents(orderEvents(`SO-N${i}`)));
    const batched = recordStatements(pools.batched);
    // New orders (lines, holds, history, emissions), then the rest of their events in event-time
    // order (folds that carry on from the stored states; rows updated and deleted).
    await applyBatch(
      batched.pool,
      orders.flatMap((o) => o.slice(0, 4)),
    );
    await applyBatch(
      batched.pool,
      orders.flatMap((o) => o.slice(4)),
    );
    // BEGIN, order locks, inbox claim, store events + read fold states, write-back, outbox, COMMIT.
    expect(batched.transactionSizes).toEqual([7, 7]);
  });

  it('reads and refolds purchase orders alike in big batches (with a late event and a redelivery) and one event a batch', async () => {
    const [p, q] = [purchasingEvents('PO-S1'), purchasingEvents('PO-S2')];
    const late = p[1] as PurchasingEvent; // the acknowledgement, after the receipts
    const first = [...p.filter((e) => e !== late), ...q.slice(0, 2)];
    const second = [late, ...q.slice(1), p[0] as PurchasingEvent];
    const batched = recordStatements(pools.batched);
    await applyPurchasingBatch(batched.pool, first);
    await applyPurchasingBatch(batched.pool, second);
    for (const e of [...first, ...second]) await applyPurchasingBatch(pools.single, [e]);

    const sql = `SELECT po_number, supplier_id, issued_at, due_date, purchase_order::jsonb AS po,
                   event_count FROM purchase_orders ORDER BY po_number`;
    const [got, want] = await Promise.all([pools.batched.query(sql), pools.single.query(sql)]);
    expect(got.rows).toEqual(want.rows);
    // Each fold saw every stored event of its purchase order, not only the batch's.
    expect(want.rows.map((r) => [r.po_number, r.event_count])).toEqual([
      ['PO-S1', 4],
      ['PO-S2', 4],
    ]);
    // BEGIN, locks, inbox claim, store events + read the purchase orders' events, upsert, COMMIT.
    expect(batched.transactionSizes).toEqual([6, 6]);
  });
});
