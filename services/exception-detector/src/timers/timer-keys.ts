import type pg from 'pg';
import { customersOfOrders } from '../db/locks.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import { lockKey } from '../workflow/locks.js';

type Q = Pick<pg.ClientBase, 'query'>;

/** What a timer's effects read and decide on: its order (and customer), its feed, its case's. */
export async function timerKeys(db: Q, t: TimerSpec): Promise<string[]> {
  // A malformed spec locks nothing here; its effects fail (and are retried) on their own.
  const subject = t.subject as TimerSpec['subject'] | undefined;
  if (subject?.kind === 'source_system') return [lockKey.feed(subject.id)];
  let orderId = subject?.kind === 'order' ? subject.id : undefined;
  if (subject?.kind === 'shipment') {
    const { rows } = await db.query<{ order_id: string }>(
      'SELECT order_id FROM shipment_views WHERE shipment_id = $1',
      [subject.id],
    );
    orderId = rows[0]?.order_id;
  }
  let customerId: string | undefined;
  if (t.caseId) {
    const { rows } = await db.query<{ order_id: string | null; customer_id: string | null }>(
      `SELECT data -> 'party' ->> 'orderId' AS order_id, customer_id FROM cases WHERE case_id = $1`,
      [t.caseId],
    );
    orderId = rows[0]?.order_id ?? orderId;
    customerId = rows[0]?.customer_id ?? undefined;
  }
  if (orderId && !customerId) customerId = (await customersOfOrders(db, [orderId])).get(orderId);
  return [
    ...(orderId ? [lockKey.order(orderId)] : []),
    ...(customerId ? [lockKey.customer(customerId)] : []),
  ];
}
