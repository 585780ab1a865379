import type { OrderView } from '../projection/order-view.js';
import type { ShipmentView } from '../projection/shipment-view.js';
import type { CaseParty } from '../types.js';

/** Drops undefined keys so parties compare and serialise cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function partyOfOrder(o: OrderView): CaseParty {
  return compact({
    customerId: o.customerId,
    customerName: o.customerName,
    tier: o.tier,
    accountRepId: o.accountRepId,
    orderId: o.orderId,
    poNumber: o.poNumber,
    orderValue: o.orderValue,
    region: o.region,
    timezone: o.timezone,
    trackingNumber: undefined,
  });
}

/** A shipment's party, completed from its order when the detector has seen the order. */
export function partyOfShipment(s: ShipmentView, o?: OrderView): CaseParty {
  return compact({
    ...(o ? partyOfOrder(o) : {}),
    customerId: s.customerId ?? o?.customerId,
    tier: s.tier ?? o?.tier,
    orderId: s.orderId,
    shipmentId: s.shipmentId,
    trackingNumber: s.trackingNumbers[0],
    timezone: s.timezone ?? o?.timezone,
  });
}
