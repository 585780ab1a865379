import { SERVICE_TOPICS, eventTypes, type TopicName } from '@forewarn/contracts';
import type {
  AllocationUpdated,
  CreditHoldPlaced,
  CreditHoldReleased,
  ForewarnEvent,
  InvoiceIssued,
  OrderCancelled,
  OrderChanged,
  OrderCreated,
  PackCompleted,
  PickCompleted,
  ReturnAuthorised,
  ReturnCredited,
  ReturnReceived,
  ShipmentConfirmed,
  ShipmentDelivered,
  ShipmentEtaChanged,
  ShipmentExceptionScanned,
  ShipmentNoScanYet,
  ShipmentStatusChanged,
  WaveReleased,
} from '@forewarn/contracts';

/** Every event the order service folds into an order: ERP, WMS, and the shipment service's. */
export type OrderInputEvent =
  | OrderCreated
  | OrderChanged
  | OrderCancelled
  | AllocationUpdated
  | CreditHoldPlaced
  | CreditHoldReleased
  | InvoiceIssued
  | ReturnAuthorised
  | ReturnReceived
  | ReturnCredited
  | WaveReleased
  | PickCompleted
  | PackCompleted
  | ShipmentConfirmed
  | ShipmentStatusChanged
  | ShipmentEtaChanged
  | ShipmentExceptionScanned
  | ShipmentDelivered
  | ShipmentNoScanYet;

export type OrderInputType = OrderInputEvent['type'];

/** Input topics of the order projection (ERP, WMS, shipments): what its consumer declares. */
export const ORDER_INPUT_TOPICS: readonly TopicName[] = SERVICE_TOPICS.order.consumers.order.topics;

/** Every type published on those topics, from the catalog (all carry payload.orderId). */
export const ORDER_INPUT_TYPES = eventTypes
  .filter((t) => ORDER_INPUT_TOPICS.includes(t.topic))
  .map((t) => t.type as OrderInputType);

const inputTypes = new Set<string>(ORDER_INPUT_TYPES);

/** Other types on the same topics (none today) are acknowledged and ignored, not dead-lettered. */
export function isOrderInput(event: ForewarnEvent): event is OrderInputEvent {
  return inputTypes.has(event.type);
}

/** Dedupe identity of a delivery: the source's event id within its source system. */
export function eventKey(e: Pick<OrderInputEvent, 'sourceSystem' | 'eventId'>): string {
  return `${e.sourceSystem}/${e.eventId}`;
}

/**
 * The one order every fold uses: event time, then event id (then source system), so any
 * arrival order of the same set of events gives the same sequence.
 */
export type SortKey = Pick<OrderInputEvent, 'occurredAt' | 'eventId' | 'sourceSystem'>;

export function sortKeyOf(e: SortKey): SortKey {
  return { occurredAt: e.occurredAt, eventId: e.eventId, sourceSystem: e.sourceSystem };
}

export function compareEvents(a: SortKey, b: SortKey): number {
  const t = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  if (t !== 0) return t;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  if (a.sourceSystem === b.sourceSystem) return 0;
  return a.sourceSystem < b.sourceSystem ? -1 : 1;
}

export function sortEvents(events: readonly OrderInputEvent[]): OrderInputEvent[] {
  return [...events].sort(compareEvents);
}
