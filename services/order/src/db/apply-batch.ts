import { claimEvents, enqueueOutbox, withTransaction, type ClientSource } from '@forewarn/db';
import { eventsOfFold, type OrderDomainEvent } from '../domain/emit.js';
import { eventKey, type OrderInputEvent } from '../domain/events.js';
import {
  continueFold,
  extendsFold,
  foldOrder,
  startFold,
  type FoldResult,
  type FoldState,
} from '../domain/fold.js';
import { emissionsWrite, emittedIds, outboxEvents } from './emissions.js';
import { foldStatesWrite } from './fold-state.js';
import { loadEvents, lockOrders, orderIdOf, storeEvents } from './event-store.js';
import { ordersWrites, type OrderSnapshot } from './read-model-write.js';
import { runWrites } from './write-back.js';

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

function groupByOrder(events: readonly OrderInputEvent[]): Map<string, OrderInputEvent[]> {
  const out = new Map<string, OrderInputEvent[]>();
  for (const e of events) out.set(orderIdOf(e), [...(out.get(orderIdOf(e)) ?? []), e]);
  return out;
}

/**
 * Each touched order's fold after this batch. Usually the new events come after everything
 * folded so far and the stored fold state just carries on; a late (older) event makes that
 * order refold from all its stored events, which is what puts it in its sorted place.
 */
async function foldTouched(
  client: Parameters<typeof loadEvents>[0],
  touched: readonly string[],
  stored: readonly OrderInputEvent[],
  states: ReadonlyMap<string, FoldState>,
): Promise<{ folds: FoldResult[]; refolded: string[] }> {
  const fresh = groupByOrder(stored);
  const plan = touched.map((orderId) => {
    const state = states.get(orderId) ?? startFold(orderId);
    const events = fresh.get(orderId) ?? [];
    return { orderId, state, events, carryOn: extendsFold(state, events) };
  });
  const refold = plan.filter((p) => !p.carryOn).map((p) => p.orderId);
  const all = await loadEvents(client, refold);
  const folds = plan.map((p) =>
    p.carryOn ? continueFold(p.state, p.events) : foldOrder(p.orderId, all.get(p.orderId) ?? []),
  );
  return { folds, refolded: refold };
}

/**
 * One transaction per consumed batch, a fixed number of statements whatever its size: lock the
 * orders, claim the events in the inbox, store the new ones and read their orders' fold states
 * (one statement), fold them into every touched order (see foldTouched), then write its read
 * model, fold state and emissions (one statement) and put the domain events not emitted before
 * in the outbox. Four statements inside BEGIN/COMMIT, five with emissions; a late event's
 * refold adds two reads (its order's stored events and emitted ids).
 */
export async function applyBatch(
  pool: ClientSource,
  events: readonly OrderInputEvent[],
): Promise<BatchOutcome> {
  const unique = firstOfEach(events);
  if (unique.length === 0) return { stored: 0, ordersWritten: 0, emitted: [] };
  return withTransaction(pool, async (client) => {
    await lockOrders(client, distinct(unique.map(orderIdOf)));
    const claimed = await claimEvents(client, INBOX_CONSUMER, unique);
    const { stored, states } = await storeEvents(client, claimed);
    const touched = distinct(stored.map(orderIdOf));
    if (touched.length === 0) return { stored: 0, ordersWritten: 0, emitted: [] };

    const { folds, refolded } = await foldTouched(client, touched, stored, states);
    // Carried-on folds only step through new events, whose ids cannot have been emitted yet;
    // a refold replays old steps, whose ids mostly were.
    const already = await emittedIds(client, refolded);
    const snapshots: OrderSnapshot[] = [];
    const fresh: OrderDomainEvent[] = [];
    for (const fold of folds) {
      if (fold.view) snapshots.push({ view: fold.view, history: fold.history });
      for (const e of eventsOfFold(fold.steps, (id) => already.has(id))) {
        already.add(e.eventId);
        fresh.push(e);
      }
    }
    await runWrites(client, [
      foldStatesWrite(folds),
      ...ordersWrites(snapshots),
      emissionsWrite(fresh),
    ]);
    await enqueueOutbox(client, outboxEvents(fresh));
    return { stored: stored.length, ordersWritten: snapshots.length, emitted: fresh };
  });
}
