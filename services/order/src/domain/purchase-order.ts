import type {
  PurchaseOrderAcknowledged,
  PurchaseOrderIssued,
  PurchaseOrderReceived,
} from '@forewarn/contracts';
import { compareEvents } from './events.js';

/** Every ERP purchasing event the supplier projection folds into a purchase order. */
export type PurchasingEvent =
  PurchaseOrderIssued | PurchaseOrderAcknowledged | PurchaseOrderReceived;

export const PURCHASING_TYPES: ReadonlySet<string> = new Set<PurchasingEvent['type']>([
  'erp.purchase-order.issued',
  'erp.purchase-order.acknowledged',
  'erp.purchase-order.received',
]);

export function isPurchasingEvent(e: { type: string }): e is PurchasingEvent {
  return PURCHASING_TYPES.has(e.type);
}

export interface PurchaseReceipt {
  receiptId: string;
  receivedAt: string;
  lines: {
    lineNo: number;
    sku: string;
    qtyReceived: number;
    qtyRejected: number;
    defectReason: string | null;
  }[];
}

/** One purchase order as its events tell it; `issuedAt` is null until the issue event arrives. */
export interface PurchaseOrder {
  poNumber: string;
  supplierId: string;
  supplierName: string | null;
  siteId: string | null;
  issuedAt: string | null;
  expectedReceiptDate: string | null;
  promisedLeadTimeDays: number | null;
  lines: { lineNo: number; sku: string; qty: number }[];
  acknowledgedAt: string | null;
  ackStatus: string | null;
  receipts: PurchaseReceipt[];
}

/**
 * Folds a purchase order's events, in event-time order whatever order they came in. The first
 * acknowledgement counts (responsiveness is how fast the supplier first answered); a receipt
 * sent twice under one receipt id counts once.
 */
export function foldPurchaseOrder(
  poNumber: string,
  events: readonly PurchasingEvent[],
): PurchaseOrder | null {
  if (events.length === 0) return null;
  const po: PurchaseOrder = {
    poNumber,
    supplierId: events[0]!.payload.supplierId,
    supplierName: null,
    siteId: null,
    issuedAt: null,
    expectedReceiptDate: null,
    promisedLeadTimeDays: null,
    lines: [],
    acknowledgedAt: null,
    ackStatus: null,
    receipts: [],
  };
  for (const e of [...events].sort(compareEvents)) {
    switch (e.type) {
      case 'erp.purchase-order.issued':
        po.supplierId = e.payload.supplierId;
        po.supplierName = e.payload.supplierName;
        po.siteId = e.payload.siteId ?? null;
        po.issuedAt = e.payload.issuedAt;
        po.expectedReceiptDate = e.payload.expectedReceiptDate;
        po.promisedLeadTimeDays = e.payload.promisedLeadTimeDays;
        po.lines = e.payload.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, qty: l.qty }));
        break;
      case 'erp.purchase-order.acknowledged':
        if (po.acknowledgedAt === null) {
          po.acknowledgedAt = e.payload.acknowledgedAt;
          po.ackStatus = e.payload.status;
        }
        break;
      case 'erp.purchase-order.received':
        if (po.receipts.some((r) => r.receiptId === e.payload.receiptId)) break;
        po.receipts.push({
          receiptId: e.payload.receiptId,
          receivedAt: e.payload.receivedAt,
          lines: e.payload.lines.map((l) => ({
            lineNo: l.lineNo,
            sku: l.sku,
            qtyReceived: l.qtyReceived,
            qtyRejected: l.qtyRejected,
            defectReason: l.defectReason ?? null,
          })),
        });
        break;
    }
  }
  po.receipts.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  return po;
}
