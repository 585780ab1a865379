import {
  array,
  bool,
  currency,
  date,
  doc,
  enumOf,
  id,
  instant,
  int,
  money,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { address, customerTier, returnLine } from './shared.js';

// Emitted by the order service, keyed by orderId. Payloads carry the state the next service
// needs (customer, tier, promises, lines) so the detector and notifier never call back.

export const orderStatus = () =>
  enumOf('OrderStatus', [
    'open',
    'credit_hold',
    'backordered',
    'allocated',
    'in_fulfilment',
    'partially_shipped',
    'shipped',
    'delivered',
    'cancelled',
  ]);

/** One order line with what every system has said about it so far. */
export const orderLineState = () =>
  record('OrderLineState', {
    lineNo: int({ min: 1 }),
    sku: id(),
    description: optional(str()),
    critical: bool(),
    unitPrice: money(),
    orderedQty: int({ min: 0 }),
    allocatedQty: int({ min: 0 }),
    backorderedQty: int({ min: 0 }),
    pickedQty: int({ min: 0 }),
    shortQty: int({ min: 0 }),
    shippedQty: int({ min: 0 }),
    deliveredQty: int({ min: 0 }),
  });

/** Who the order is for and what was promised: the header every order event repeats. */
function orderHeader() {
  return {
    orderId: id(),
    customerId: id(),
    customerName: optional(str()),
    customerTier: customerTier(),
    accountRepId: optional(id()),
    poNumber: id(),
    promisedShipDate: date(),
    promisedDeliveryDate: date(),
    region: optional(id()),
    timezone: optional(str()),
  };
}

export const orderStatusChanged = defineEvent({
  type: 'order.status-changed',
  version: 1,
  schemaId: 1001,
  topic: TOPIC.orders,
  summary: 'The order moved to another status; carries a snapshot of the whole order',
  payload: {
    ...orderHeader(),
    status: orderStatus(),
    previousStatus: optional(orderStatus()),
    requestedShipDate: optional(date()),
    shipTo: address(),
    currency: currency(),
    orderValue: money(),
    lines: array(orderLineState()),
    shipmentIds: array(id()),
  },
});

export const orderLineShort = defineEvent({
  type: 'order.line-short',
  version: 1,
  schemaId: 1002,
  topic: TOPIC.orders,
  summary:
    "A line's short quantity changed (backorder or short pick); shortQty 0 means the line is filled again",
  payload: {
    ...orderHeader(),
    line: orderLineState(),
    shortQty: int({ min: 0 }),
    source: enumOf('ShortSource', ['erp_backorder', 'wms_short_pick']),
    reason: optional(str()),
    expectedAvailableDate: optional(date()),
    lineValue: money(),
    orderValue: money(),
  },
});

export const orderPromiseChanged = defineEvent({
  type: 'order.promise-changed',
  version: 1,
  schemaId: 1003,
  topic: TOPIC.orders,
  summary: 'The promised ship or delivery date of the order changed',
  payload: {
    ...orderHeader(),
    previousPromisedShipDate: optional(date()),
    previousPromisedDeliveryDate: optional(date()),
    reason: optional(str()),
  },
});

export const orderInvoicePosted = defineEvent({
  type: 'order.invoice-posted',
  version: 1,
  schemaId: 1004,
  topic: TOPIC.orders,
  summary: 'An invoice was matched against the order; discrepancies is empty when it agrees',
  payload: {
    ...orderHeader(),
    invoiceId: id(),
    correctsInvoiceId: optional(id()),
    invoicedTotal: money(),
    expectedTotal: doc(money(), 'Shipped (else ordered) quantities at order prices'),
    discrepancies: array(
      record('InvoiceDiscrepancy', {
        kind: enumOf('InvoiceDiscrepancyKind', [
          'qty_mismatch',
          'price_mismatch',
          'unexpected_line',
          'missing_line',
          'total_mismatch',
        ]),
        lineNo: optional(int({ min: 1 })),
        sku: optional(id()),
        invoicedQty: optional(int()),
        expectedQty: optional(int()),
        invoicedUnitPrice: optional(money()),
        expectedUnitPrice: optional(money()),
        detail: optional(str()),
      }),
    ),
  },
});

export const orderReturnReceived = defineEvent({
  type: 'order.return-received',
  version: 1,
  schemaId: 1005,
  topic: TOPIC.orders,
  summary: 'Goods of a return arrived; the credit clock (7 calendar days) starts at receivedAt',
  payload: {
    ...orderHeader(),
    rmaId: id(),
    receivedAt: instant(),
    lines: array(returnLine()),
    expectedCredit: optional(money()),
  },
});

export const orderReturnCredited = defineEvent({
  type: 'order.return-credited',
  version: 1,
  schemaId: 1006,
  topic: TOPIC.orders,
  summary: 'A return was credited to the customer',
  payload: {
    ...orderHeader(),
    rmaId: id(),
    creditNoteId: id(),
    creditedAt: instant(),
    total: money(),
  },
});
