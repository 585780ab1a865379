import type { z } from 'zod';
import type {
  orderCreated,
  orderChanged,
  orderCancelled,
  allocationUpdated,
  creditHoldPlaced,
  creditHoldReleased,
} from './events/erp-orders.js';
import type {
  invoiceIssued,
  returnAuthorised,
  returnReceived,
  returnCredited,
} from './events/erp-finance.js';
import type {
  purchaseOrderIssued,
  purchaseOrderAcknowledged,
  purchaseOrderReceived,
} from './events/erp-purchasing.js';
import type {
  waveReleased,
  pickCompleted,
  packCompleted,
  shipmentConfirmed,
  inventoryAdjusted,
} from './events/wms.js';
import type { trackingScanned, etaUpdated, proofOfDeliveryRecorded } from './events/carrier.js';
import type {
  orderStatusChanged,
  orderLineShort,
  orderPromiseChanged,
  orderInvoicePosted,
  orderReturnReceived,
  orderReturnCredited,
} from './events/domain-orders.js';
import type {
  shipmentStatusChanged,
  shipmentEtaChanged,
  shipmentExceptionScanned,
  shipmentDelivered,
  shipmentNoScanYet,
} from './events/domain-shipments.js';
import type {
  caseOpened,
  caseUpdated,
  caseResolved,
  caseEscalated,
  caseSlaWarning,
  caseSlaBreached,
} from './events/domain-cases.js';
import type { notificationSent, notificationFailed } from './events/domain-notifications.js';

/** The value type of one event type (the zod output: defaults applied, optional fields `T | null | undefined`). */
type Of<E extends { zod: z.ZodType }> = z.infer<E['zod']>;

export type OrderCreated = Of<typeof orderCreated>;
export type OrderChanged = Of<typeof orderChanged>;
export type OrderCancelled = Of<typeof orderCancelled>;
export type AllocationUpdated = Of<typeof allocationUpdated>;
export type CreditHoldPlaced = Of<typeof creditHoldPlaced>;
export type CreditHoldReleased = Of<typeof creditHoldReleased>;
export type InvoiceIssued = Of<typeof invoiceIssued>;
export type ReturnAuthorised = Of<typeof returnAuthorised>;
export type ReturnReceived = Of<typeof returnReceived>;
export type ReturnCredited = Of<typeof returnCredited>;
export type PurchaseOrderIssued = Of<typeof purchaseOrderIssued>;
export type PurchaseOrderAcknowledged = Of<typeof purchaseOrderAcknowledged>;
export type PurchaseOrderReceived = Of<typeof purchaseOrderReceived>;
export type WaveReleased = Of<typeof waveReleased>;
export type PickCompleted = Of<typeof pickCompleted>;
export type PackCompleted = Of<typeof packCompleted>;
export type ShipmentConfirmed = Of<typeof shipmentConfirmed>;
export type InventoryAdjusted = Of<typeof inventoryAdjusted>;
export type TrackingScanned = Of<typeof trackingScanned>;
export type EtaUpdated = Of<typeof etaUpdated>;
export type ProofOfDeliveryRecorded = Of<typeof proofOfDeliveryRecorded>;
export type OrderStatusChanged = Of<typeof orderStatusChanged>;
export type OrderLineShort = Of<typeof orderLineShort>;
export type OrderPromiseChanged = Of<typeof orderPromiseChanged>;
export type OrderInvoicePosted = Of<typeof orderInvoicePosted>;
export type OrderReturnReceived = Of<typeof orderReturnReceived>;
export type OrderReturnCredited = Of<typeof orderReturnCredited>;
export type ShipmentStatusChanged = Of<typeof shipmentStatusChanged>;
export type ShipmentEtaChanged = Of<typeof shipmentEtaChanged>;
export type ShipmentExceptionScanned = Of<typeof shipmentExceptionScanned>;
export type ShipmentDelivered = Of<typeof shipmentDelivered>;
export type ShipmentNoScanYet = Of<typeof shipmentNoScanYet>;
export type CaseOpened = Of<typeof caseOpened>;
export type CaseUpdated = Of<typeof caseUpdated>;
export type CaseResolved = Of<typeof caseResolved>;
export type CaseEscalated = Of<typeof caseEscalated>;
export type CaseSlaWarning = Of<typeof caseSlaWarning>;
export type CaseSlaBreached = Of<typeof caseSlaBreached>;
export type NotificationSent = Of<typeof notificationSent>;
export type NotificationFailed = Of<typeof notificationFailed>;
