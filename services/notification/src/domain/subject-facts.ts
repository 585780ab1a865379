import type { DomainEvent } from '@forewarn/contracts';

/** The site an order is fulfilled from, as the order service published it. */
export interface OrderSite {
  orderId: string;
  siteId: string;
}

/** The carrier of a shipment (and its order), as the shipment service published it. */
export interface ShipmentCarrier {
  shipmentId: string;
  orderId: string;
  carrier: string;
}

export interface SubjectFacts {
  sites: OrderSite[];
  carriers: ShipmentCarrier[];
}

/**
 * What a batch of domain events says about the subjects' site and carrier, so the proactivity
 * KPIs split by them like the dashboard's other figures. Taken from the events as their owners
 * state them (never re-derived); the latest event of the batch wins per order and shipment.
 */
export function subjectFactsOf(events: readonly DomainEvent[]): SubjectFacts {
  const sites = new Map<string, OrderSite>();
  const carriers = new Map<string, ShipmentCarrier>();
  for (const e of events) {
    if (e.type.startsWith('order.')) {
      const p = e.payload as { orderId: string; siteId?: string | null };
      if (p.siteId) sites.set(p.orderId, { orderId: p.orderId, siteId: p.siteId });
    } else if (e.type.startsWith('shipment.')) {
      const p = e.payload as { shipmentId: string; orderId: string; carrier: string };
      if (p.carrier)
        carriers.set(p.shipmentId, {
          shipmentId: p.shipmentId,
          orderId: p.orderId,
          carrier: p.carrier,
        });
    }
  }
  return { sites: [...sites.values()], carriers: [...carriers.values()] };
}
