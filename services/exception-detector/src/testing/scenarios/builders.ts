import {
  sampleInventoryAdjusted,
  sampleNotificationSent,
  sampleOrderInvoicePosted,
  sampleOrderLineShort,
  sampleOrderReturnCredited,
  sampleOrderReturnReceived,
  sampleOrderStatusChanged,
  sampleShipmentDelivered,
  sampleShipmentEtaChanged,
  sampleShipmentExceptionScanned,
  sampleShipmentNoScanYet,
  sampleShipmentStatusChanged,
  type DeepPartial,
} from '@forewarn/contracts/fixtures';
import type {
  InventoryAdjusted,
  NotificationSent,
  OrderInvoicePosted,
  OrderLineShort,
  OrderReturnCredited,
  OrderReturnReceived,
  OrderStatusChanged,
  ShipmentDelivered,
  ShipmentEtaChanged,
  ShipmentExceptionScanned,
  ShipmentNoScanYet,
  ShipmentStatusChanged,
} from '@forewarn/contracts';

/** Ids of one scenario's story, so scenarios can run side by side on one service. */
export interface StoryIds {
  orderId: string;
  shipmentId: string;
  customerId: string;
  trackingNumber: string;
}

export const story = (k: string): StoryIds => ({
  orderId: `SO-${k}`,
  shipmentId: `SHP-${k}`,
  customerId: `C-${k}`,
  trackingNumber: `1Z${k.toUpperCase()}`,
});

const orderRefs = (s: StoryIds) => ({
  customerId: s.customerId,
  orderId: s.orderId,
  poNumber: `PO-${s.orderId}`,
});
const shipRefs = (s: StoryIds) => ({
  ...orderRefs(s),
  shipmentId: s.shipmentId,
  trackingNumbers: [s.trackingNumber],
});
const orderHead = (s: StoryIds) => ({
  orderId: s.orderId,
  customerId: s.customerId,
  poNumber: `PO-${s.orderId}`,
});
const shipHead = (s: StoryIds) => ({
  shipmentId: s.shipmentId,
  orderId: s.orderId,
  customerId: s.customerId,
  trackingNumbers: [s.trackingNumber],
});

type P<T extends { payload: unknown }> = DeepPartial<T['payload']>;
type Env = { occurredAt?: string };

export const orderStatus = (s: StoryIds, at: string, p: P<OrderStatusChanged> = {}) =>
  sampleOrderStatusChanged({
    occurredAt: at,
    refs: orderRefs(s),
    payload: { ...orderHead(s), ...p },
  });
export const lineShort = (s: StoryIds, at: string, p: P<OrderLineShort> = {}) =>
  sampleOrderLineShort({ occurredAt: at, refs: orderRefs(s), payload: { ...orderHead(s), ...p } });
export const invoicePosted = (s: StoryIds, at: string, p: P<OrderInvoicePosted> = {}) =>
  sampleOrderInvoicePosted({
    occurredAt: at,
    refs: orderRefs(s),
    payload: { ...orderHead(s), ...p },
  });
export const returnReceived = (s: StoryIds, at: string, p: P<OrderReturnReceived> = {}) =>
  sampleOrderReturnReceived({
    occurredAt: at,
    refs: orderRefs(s),
    payload: { ...orderHead(s), receivedAt: at, ...p },
  });
export const returnCredited = (s: StoryIds, at: string, p: P<OrderReturnCredited> = {}) =>
  sampleOrderReturnCredited({
    occurredAt: at,
    refs: orderRefs(s),
    payload: { ...orderHead(s), creditedAt: at, ...p },
  });
export const shipmentStatus = (s: StoryIds, at: string, p: P<ShipmentStatusChanged> = {}) =>
  sampleShipmentStatusChanged({
    occurredAt: at,
    refs: shipRefs(s),
    payload: { ...shipHead(s), lastScanAt: at, ...p },
  });
export const etaChanged = (s: StoryIds, at: string, p: P<ShipmentEtaChanged> = {}) =>
  sampleShipmentEtaChanged({
    occurredAt: at,
    refs: shipRefs(s),
    payload: { ...shipHead(s), trackingNumber: s.trackingNumber, ...p },
  });
export const exceptionScanned = (s: StoryIds, at: string, p: P<ShipmentExceptionScanned> = {}) =>
  sampleShipmentExceptionScanned({
    occurredAt: at,
    refs: shipRefs(s),
    payload: { ...shipHead(s), trackingNumber: s.trackingNumber, scannedAt: at, ...p },
  });
export const noScanYet = (s: StoryIds, at: string, p: P<ShipmentNoScanYet> = {}) =>
  sampleShipmentNoScanYet({
    occurredAt: at,
    refs: shipRefs(s),
    payload: { ...shipHead(s), detectedAt: at, ...p },
  });
export const delivered = (s: StoryIds, at: string, p: P<ShipmentDelivered> = {}) =>
  sampleShipmentDelivered({
    occurredAt: at,
    refs: shipRefs(s),
    payload: { ...shipHead(s), deliveredAt: at, ...p },
  });
export const inventoryAdjusted = (at: string, p: P<InventoryAdjusted> = {}, env: Env = {}) =>
  sampleInventoryAdjusted({ occurredAt: env.occurredAt ?? at, payload: p });

/** The notifier reports a notice about `trigger` sent to the story's customer. */
export const noticeSent = (
  s: StoryIds,
  at: string,
  trigger: { eventId: string; type: string },
  p: P<NotificationSent> = {},
) =>
  sampleNotificationSent({
    occurredAt: at,
    refs: shipRefs(s),
    payload: {
      notificationId: `ntf-${trigger.eventId}`,
      customerId: s.customerId,
      orderId: s.orderId,
      shipmentId: s.shipmentId,
      trackingReference: s.trackingNumber,
      triggerEventId: trigger.eventId,
      triggerType: trigger.type,
      sentAt: at,
      ...p,
    },
  });
