import {
  compareEvents,
  eventKey,
  sortEvents,
  sortKeyOf,
  type OrderInputEvent,
  type SortKey,
} from './events.js';
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

/** Where a fold stands after some events; persisted so the next batch can carry on from it. */
export interface FoldState {
  facts: OrderFacts;
  history: StatusEntry[];
  /** Sort key of the last event folded in; null before the first. */
  last: SortKey | null;
}

export interface FoldResult extends FoldState {
  view: OrderView | null;
  /** The steps of the events folded by this call only. */
  steps: Step[];
}

export function startFold(orderId: string): FoldState {
  return { facts: initialFacts(orderId), history: [], last: null };
}

/** True when every event sorts after the state's last one, so folding on equals refolding. */
export function extendsFold(state: FoldState, events: readonly OrderInputEvent[]): boolean {
  const last = state.last;
  return last === null || events.every((e) => compareEvents(last, e) < 0);
}

/** Folds more events (sorted here) onto a state; pure. */
export function continueFold(state: FoldState, events: readonly OrderInputEvent[]): FoldResult {
  let { facts, last } = state;
  let view = project(facts);
  const history = [...state.history];
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const event of sortEvents(events)) {
    // The input is a set: a duplicate delivery (same source event id) changes nothing.
    if (seen.has(eventKey(event))) continue;
    seen.add(eventKey(event));
    facts = evolve(facts, event);
    last = sortKeyOf(event);
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
  return { facts, history, last, view, steps };
}

/**
 * The order's state as a pure fold over every event it has, in (occurredAt, eventId) order.
 * A late or orphan event lands in its sorted place, and the result never depends on arrival
 * order or on duplicates.
 */
export function foldOrder(orderId: string, events: readonly OrderInputEvent[]): FoldResult {
  return continueFold(startFold(orderId), events);
}
