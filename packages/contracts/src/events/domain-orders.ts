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
  type Fields,
} from '../dsl/index.js';
import { defineEvent, type VersionSpec } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { address, customerTier, returnLine } from './shared.js';

/** What a line of an invoice discrepancy was billed, shipped and ordered, side by side. */
function billedShippedOrdered() {
  return {
    orderedQty: doc(optional(int({ min: 0 })), 'Quantity ordered on the line'),
    shippedQty: doc(optional(int({ min: 0 })), 'Quantity shipped on the line so far'),
  };
}

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

/** Who the order is for and what was promised, as version 1 carried it. */
function orderHeaderV1() {
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

/**
 * Who the order is for and what was promised, as versions 2 and 3 carried it. The order
 * service owns the promise and resolves it to instants once (@forewarn/domain promise.ts);
 * everyone else compares against these, never against the dates.
 */
function orderHeaderV3() {
  return {
    ...orderHeaderV1(),
    shipBy: doc(optional(instant()), 'Ship-by instant: the date at the site cut-off, or as stated'),
    deliverBy: doc(
      optional(instant()),
      'Deliver-by instant: the end of the promised local day, or as stated',
    ),
  };
}

/**
 * The header every order event repeats (version 4 on): the promise, and the site the order is
 * fulfilled from, which the order service learns from the WMS and publishes so that consumers
 * filter by site without re-deriving it.
 */
function orderHeader() {
  return {
    ...orderHeaderV3(),
    siteId: doc(
      optional(id()),
      "The site (warehouse) fulfilling the order: the WMS events' warehouseId, the latest one that named it; null until the WMS has spoken",
    ),
  };
}

type Header = ReturnType<typeof orderHeaderV1>;

function orderStatusChangedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'order.status-changed',
    ...v,
    topic: TOPIC.orders,
    summary: 'The order moved to another status; carries a snapshot of the whole order',
    payload: () => ({
      ...header(),
      status: orderStatus(),
      previousStatus: optional(orderStatus()),
      requestedShipDate: optional(date()),
      shipTo: address(),
      currency: currency(),
      orderValue: money(),
      lines: array(orderLineState()),
      shipmentIds: array(id()),
    }),
  });
}

export const orderStatusChanged = orderStatusChangedOf(orderHeader, {
  version: 4,
  schemaId: 1061,
});

function orderLineShortOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'order.line-short',
    ...v,
    topic: TOPIC.orders,
    summary:
      "A line's short quantity changed (backorder or short pick); shortQty 0 means the line is filled again",
    payload: () => ({
      ...header(),
      line: orderLineState(),
      shortQty: int({ min: 0 }),
      source: enumOf('ShortSource', ['erp_backorder', 'wms_short_pick']),
      reason: optional(str()),
      expectedAvailableDate: optional(date()),
      lineValue: money(),
      orderValue: money(),
    }),
  });
}

export const orderLineShort = orderLineShortOf(orderHeader, { version: 4, schemaId: 1062 });

function orderPromiseChangedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'order.promise-changed',
    ...v,
    topic: TOPIC.orders,
    summary: 'The promised ship or delivery date of the order changed',
    payload: () => ({
      ...header(),
      previousPromisedShipDate: optional(date()),
      previousPromisedDeliveryDate: optional(date()),
      reason: optional(str()),
    }),
  });
}

export const orderPromiseChanged = orderPromiseChangedOf(orderHeader, {
  version: 4,
  schemaId: 1063,
});

function orderInvoicePostedOf<H extends Header, L extends Fields>(
  header: () => H,
  lineQuantities: () => L,
  v: VersionSpec,
) {
  return defineEvent({
    type: 'order.invoice-posted',
    ...v,
    topic: TOPIC.orders,
    summary: 'An invoice was matched against the order; discrepancies is empty when it agrees',
    payload: () => ({
      ...header(),
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
          ...lineQuantities(),
        }),
      ),
    }),
  });
}

export const orderInvoicePosted = orderInvoicePostedOf(orderHeader, billedShippedOrdered, {
  version: 4,
  schemaId: 1064,
});

function orderReturnReceivedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'order.return-received',
    ...v,
    topic: TOPIC.orders,
    summary: 'Goods of a return arrived; the credit clock (7 calendar days) starts at receivedAt',
    payload: () => ({
      ...header(),
      rmaId: id(),
      receivedAt: instant(),
      lines: array(returnLine()),
      expectedCredit: optional(money()),
    }),
  });
}

export const orderReturnReceived = orderReturnReceivedOf(orderHeader, {
  version: 4,
  schemaId: 1065,
});

function orderReturnCreditedOf<H extends Header>(header: () => H, v: VersionSpec) {
  return defineEvent({
    type: 'order.return-credited',
    ...v,
    topic: TOPIC.orders,
    summary: 'A return was credited to the customer',
    payload: () => ({
      ...header(),
      rmaId: id(),
      creditNoteId: id(),
      creditedAt: instant(),
      total: money(),
    }),
  });
}

export const orderReturnCredited = orderReturnCreditedOf(orderHeader, {
  version: 4,
  schemaId: 1066,
});

/**
 * Versions 3 (and, by envelope, 2) of every order event: without the site. Readable while their
 * messages may remain on the topic; each lists its version 2 (with tenantId) as `earlier`.
 */
export const orderEventsV3 = (() => {
  /** The n-th order type's version 3 (ids 1051…) and its version 2 (ids 1011…). */
  const v3 = (n: number): VersionSpec => ({
    version: 3,
    schemaId: 1050 + n,
    earlier: [{ version: 2, schemaId: 1010 + n, envelope: 1 }],
  });
  return [
    orderStatusChangedOf(orderHeaderV3, v3(1)),
    orderLineShortOf(orderHeaderV3, v3(2)),
    orderPromiseChangedOf(orderHeaderV3, v3(3)),
    orderInvoicePostedOf(orderHeaderV3, billedShippedOrdered, v3(4)),
    orderReturnReceivedOf(orderHeaderV3, v3(5)),
    orderReturnCreditedOf(orderHeaderV3, v3(6)),
  ];
})();

/** Version 1 of every order event: readable while v1 messages may remain on the topic. */
export const orderEventsV1 = [
  orderStatusChangedOf(orderHeaderV1, { version: 1, schemaId: 1001, envelope: 1 }),
  orderLineShortOf(orderHeaderV1, { version: 1, schemaId: 1002, envelope: 1 }),
  orderPromiseChangedOf(orderHeaderV1, { version: 1, schemaId: 1003, envelope: 1 }),
  orderInvoicePostedOf(orderHeaderV1, () => ({}), { version: 1, schemaId: 1004, envelope: 1 }),
  orderReturnReceivedOf(orderHeaderV1, { version: 1, schemaId: 1005, envelope: 1 }),
  orderReturnCreditedOf(orderHeaderV1, { version: 1, schemaId: 1006, envelope: 1 }),
];
