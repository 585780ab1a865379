import { eventKey, sortEvents, type OrderInputEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialFacts, type OrderFacts } from './facts.js';
import { project, type OrderStatus, type OrderView } from './view.js';

export interface StatusEntry {
  seq: number;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  at: string;
  causeEventId: string;
  causeSourceSystem: string;
}

/** One event's effect: the derived order before and after it (null while the order is unknown). */
export interface Step {
  event: OrderInputEvent;
  before: OrderView | null;
  after: OrderView | null;
}

export interface FoldResult {
  facts: OrderFacts;
  view: OrderView | null;
  history: StatusEntry[];
  steps: Step[];
}

/**
 * The order's state as a pure fold over every event it has, in (occurredAt, eventId) order.
 * Called with the whole stored set on each change, so a late or orphan event lands in its
 * sorted place and the result never depends on arrival order or on duplicates (input is a set).
 */
export function foldOrder(orderId: string, events: readonly OrderInputEvent[]): FoldResult {
  let facts = initialFacts(orderId);
  let view: OrderView | null = null;
  const history: StatusEntry[] = [];
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const event of sortEvents(events)) {
    // The input is a set: a duplicate delivery (same source event id) changes nothing.
    if (seen.has(eventKey(event))) continue;
    seen.add(eventKey(event));
    facts = evolve(facts, event);
    const next = project(facts);
    steps.push({ event, before: view, after: next });
    if (next && next.status !== view?.status) {
      history.push({
        seq: history.length + 1,
        status: next.status,
        previousStatus: view?.status ?? null,
        at: event.occurredAt,
        causeEventId: event.eventId,
        causeSourceSystem: event.sourceSystem,
      });
    }
    view = next;
  }
  return { facts, view, history, steps };
}
