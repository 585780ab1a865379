import { markProcessed, withTransaction, type ClientSource } from '@forewarn/db';
import { eventsOfFold, type OrderDomainEvent } from '../domain/emit.js';
import { eventKey, type OrderInputEvent } from '../domain/events.js';
import { foldOrder } from '../domain/fold.js';
import { emit, emittedIds } from './emissions.js';
import { insertEvents, loadEvents, lockOrders, orderIdOf } from './event-store.js';
import { writeOrders, type OrderSnapshot } from './read-model-write.js';

/** Inbox consumer name of the order projection. */
export const INBOX_CONSUMER = 'order';

export interface BatchOutcome {
  stored: number;
  ordersWritten: number;
  emitted: OrderDomainEvent[];
}

const distinct = (xs: readonly string[]) => [...new Set(xs)];

function firstOfEach(events: readonly OrderInputEvent[]): OrderInputEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const k = eventKey(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * One transaction per consumed batch, a fixed number of statements whatever its size: claim
 * the events in the inbox, store the new ones, refold every touched order from all its stored
 * events, rewrite its read model, and put the domain events not emitted before in the outbox.
 */
export async function applyBatch(
  pool: ClientSource,
  events: readonly OrderInputEvent[],
): Promise<BatchOutcome> {
  const unique = firstOfEach(events);
  if (unique.length === 0) return { stored: 0, ordersWritten: 0, emitted: [] };
  return withTransaction(pool, async (client) => {
    await lockOrders(client, distinct(unique.map(orderIdOf)));
    const claimed = new Set(await markProcessed(client, INBOX_CONSUMER, unique.map(eventKey)));
    const stored = await insertEvents(
      client,
      unique.filter((e) => claimed.has(eventKey(e))),
    );
    const touched = distinct(stored.map(orderIdOf));
    if (touched.length === 0) return { stored: 0, ordersWritten: 0, emitted: [] };

    const byOrder = await loadEvents(client, touched);
    const already = await emittedIds(client, touched);
    const snapshots: OrderSnapshot[] = [];
    const fresh: OrderDomainEvent[] = [];
    for (const orderId of touched) {
      const fold = foldOrder(orderId, byOrder.get(orderId) ?? []);
      if (fold.view) snapshots.push({ view: fold.view, history: fold.history });
      for (const e of eventsOfFold(fold.steps)) {
        if (already.has(e.eventId)) continue;
        already.add(e.eventId);
        fresh.push(e);
      }
    }
    await writeOrders(client, snapshots);
    await emit(client, fresh);
    return { stored: stored.length, ordersWritten: snapshots.length, emitted: fresh };
  });
}
