import type { DomainEvent } from '@forewarn/contracts';
import { enqueueWithFacts, lockOrders } from './emitted.js';
import { loadOrderFacts } from './order-facts.js';
import type { Queryable } from './queryable.js';

type ShipmentEvent = Extract<DomainEvent, { type: `shipment.${string}` }>;

/**
 * Enqueues, oldest first, the held events of these orders (or of every order held since before
 * `heldBefore`), with whatever facts are known by now, and forgets the holds.
 */
export async function releaseHeld(
  client: Queryable,
  which: { orderIds: readonly string[] } | { heldBefore: Date },
): Promise<number> {
  const orderIds =
    'orderIds' in which
      ? [...new Set(which.orderIds)]
      : (
          await client.query<{ order_id: string }>(
            'SELECT DISTINCT order_id FROM awaiting_order_facts WHERE held_at < $1',
            [which.heldBefore],
          )
        ).rows.map((r) => r.order_id);
  if (orderIds.length === 0) return 0;
  await lockOrders(client, orderIds);
  const { rows } = await client.query<{ seq: string; event: ShipmentEvent }>(
    'DELETE FROM awaiting_order_facts WHERE order_id = ANY($1::text[]) RETURNING seq, event',
    [orderIds],
  );
  const events = rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => r.event);
  await enqueueWithFacts(client, events, await loadOrderFacts(client, orderIds));
  return events.length;
}
