import type { DomainEvent } from '@forewarn/contracts';

type OrderEvent = Extract<DomainEvent, { type: `order.${string}` }>;
type ShipmentEvent = Extract<DomainEvent, { type: `shipment.${string}` }>;

/**
 * What the order service says about an order that every shipment event repeats: the customer,
 * the tier and the promise. This service owns none of them; it keeps the latest the owner
 * published (domain.orders) and copies them onto its events, so no consumer has to guess.
 */
export interface OrderFacts {
  orderId: string;
  customerId: string;
  customerName: string | null;
  customerTier: NonNullable<ShipmentEvent['payload']['customerTier']>;
  poNumber: string;
  promisedDeliveryDate: string;
  deliverBy: string | null;
  timezone: string | null;
  /** The order event they come from; an older one arriving late never overwrites them. */
  asOf: string;
  asOfEventId: string;
}

/** The facts an order event carries (every order event repeats the order header). */
export function orderFactsOf(e: OrderEvent): OrderFacts {
  const p = e.payload;
  return {
    orderId: p.orderId,
    customerId: p.customerId,
    customerName: p.customerName ?? null,
    customerTier: p.customerTier,
    poNumber: p.poNumber,
    promisedDeliveryDate: p.promisedDeliveryDate,
    deliverBy: p.deliverBy ?? null,
    timezone: p.timezone ?? null,
    asOf: e.occurredAt,
    asOfEventId: e.eventId,
  };
}

export const isOrderEvent = (e: DomainEvent): e is OrderEvent => e.type.startsWith('order.');

/** The newest facts per order of a batch, by event time then id (as the table keeps them). */
export function newestPerOrder(facts: readonly OrderFacts[]): OrderFacts[] {
  const byOrder = new Map<string, OrderFacts>();
  for (const f of facts) {
    const seen = byOrder.get(f.orderId);
    if (!seen || isNewer(f, seen)) byOrder.set(f.orderId, f);
  }
  return [...byOrder.values()];
}

export const isNewer = (a: OrderFacts, b: Pick<OrderFacts, 'asOf' | 'asOfEventId'>) =>
  a.asOf > b.asOf || (a.asOf === b.asOf && a.asOfEventId > b.asOfEventId);

/**
 * A shipment event with the owner's facts laid over its header. Without facts (the order
 * service has not spoken yet) the event keeps what it had: nothing is guessed.
 */
export function withOrderFacts<E extends ShipmentEvent>(e: E, facts: OrderFacts | undefined): E {
  if (!facts) return e;
  return {
    ...e,
    refs: { ...e.refs, customerId: facts.customerId, poNumber: facts.poNumber },
    payload: {
      ...e.payload,
      customerId: facts.customerId,
      customerName: facts.customerName,
      customerTier: facts.customerTier,
      poNumber: facts.poNumber,
      promisedDeliveryDate: facts.promisedDeliveryDate,
      deliverBy: facts.deliverBy,
      timezone: facts.timezone,
    },
  };
}
