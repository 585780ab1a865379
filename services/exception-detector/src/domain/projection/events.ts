import type {
  InventoryAdjusted,
  NotificationSent,
  OrderInvoicePosted,
  OrderLineShort,
  OrderPromiseChanged,
  OrderReturnCredited,
  OrderReturnReceived,
  OrderStatusChanged,
  ShipmentDelivered,
  ShipmentEtaChanged,
  ShipmentExceptionScanned,
  ShipmentNoScanYet,
  ShipmentStatusChanged,
} from '@forewarn/contracts';

export type OrderEvent =
  | OrderStatusChanged
  | OrderLineShort
  | OrderPromiseChanged
  | OrderInvoicePosted
  | OrderReturnReceived
  | OrderReturnCredited;

export type ShipmentEvent =
  | ShipmentStatusChanged
  | ShipmentEtaChanged
  | ShipmentExceptionScanned
  | ShipmentDelivered
  | ShipmentNoScanYet;

/** Every event the detector's rules read. */
export type DetectorEvent = OrderEvent | ShipmentEvent | InventoryAdjusted | NotificationSent;

export const isOrderEvent = (e: DetectorEvent): e is OrderEvent => e.type.startsWith('order.');
export const isShipmentEvent = (e: DetectorEvent): e is ShipmentEvent =>
  e.type.startsWith('shipment.');

/** Orders events by time, then id: the order a late, older event is judged in. */
export function isNewer(
  a: { occurredAt: string; eventId: string },
  b: { at: string; eventId: string } | undefined,
): boolean {
  if (!b) return true;
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.at);
  return ta > tb || (ta === tb && a.eventId > b.eventId);
}
