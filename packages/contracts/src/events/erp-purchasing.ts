import { array, date, doc, enumOf, id, instant, int, optional, record, str } from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';

/**
 * ERP purchasing: the purchase orders we place with suppliers and contractors, their
 * acknowledgement (EDI 855-like) and the goods receipts against them. Supplier scorecards
 * (on-time in full, defect rate, lead-time adherence, responsiveness) are computed from these.
 */

const poNumber = () =>
  doc(id(), 'Our purchase order number to the supplier (the message key of the topic)');
const supplierId = () => doc(id(), "The supplier's (or contractor's) id in the ERP vendor master");

export const purchaseOrderIssued = defineEvent({
  type: 'erp.purchase-order.issued',
  version: 1,
  schemaId: 131,
  topic: TOPIC.erpPurchasing,
  summary: 'A purchase order was issued to a supplier or contractor',
  payload: () => ({
    poNumber: poNumber(),
    supplierId: supplierId(),
    supplierName: str({ min: 1 }),
    siteId: doc(optional(id()), 'The receiving site, e.g. WH-ATL'),
    issuedAt: instant(),
    lines: array(
      record('PurchaseOrderLine', { lineNo: int({ min: 1 }), sku: id(), qty: int({ min: 1 }) }),
    ),
    expectedReceiptDate: doc(date(), 'The receipt date the supplier promised (YYYY-MM-DD, UTC)'),
    promisedLeadTimeDays: doc(
      int({ min: 0 }),
      "The supplier's quoted lead time in calendar days, order to receipt",
    ),
  }),
});

export const purchaseOrderAcknowledged = defineEvent({
  type: 'erp.purchase-order.acknowledged',
  version: 1,
  schemaId: 132,
  topic: TOPIC.erpPurchasing,
  summary: 'The supplier acknowledged a purchase order (EDI 855 or portal)',
  payload: () => ({
    poNumber: poNumber(),
    supplierId: supplierId(),
    acknowledgedAt: instant(),
    status: enumOf('PurchaseOrderAckStatus', ['accepted', 'accepted_with_changes', 'rejected'], {
      default: 'accepted_with_changes',
    }),
    confirmedReceiptDate: doc(
      optional(date()),
      'The receipt date the supplier confirms, when it states one',
    ),
    note: optional(str()),
  }),
});

export const purchaseOrderReceived = defineEvent({
  type: 'erp.purchase-order.received',
  version: 1,
  schemaId: 133,
  topic: TOPIC.erpPurchasing,
  summary:
    'Goods were received against a purchase order (one receipt; a PO may be received in several)',
  payload: () => ({
    poNumber: poNumber(),
    supplierId: supplierId(),
    receiptId: id(),
    receivedAt: instant(),
    lines: array(
      record('PurchaseReceiptLine', {
        lineNo: int({ min: 1 }),
        sku: id(),
        qtyReceived: int({ min: 0 }),
        qtyRejected: doc(int({ min: 0 }), 'Of the received quantity, what inspection rejected'),
        defectReason: doc(
          optional(
            enumOf(
              'DefectReason',
              ['damaged', 'out_of_spec', 'wrong_item', 'expired', 'missing_documents', 'other'],
              { default: 'other' },
            ),
          ),
          'Why the rejected quantity was rejected',
        ),
      }),
    ),
  }),
});
