import {
  array,
  currency,
  date,
  doc,
  id,
  instant,
  int,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { address, customerTier, orderLine } from './shared.js';

/** The whole order as version 1 carried it. */
function orderFieldsV1() {
  return {
    orderId: id(),
    customerId: id(),
    customerName: optional(str()),
    customerTier: customerTier(),
    accountRepId: doc(
      optional(id()),
      "The customer's named account CSR, when the ERP customer master has one",
    ),
    poNumber: doc(id(), "The customer's purchase order number"),
    shipTo: address(),
    currency: currency(),
    lines: array(orderLine()),
    orderedAt: optional(instant()),
    requestedShipDate: optional(date()),
    promisedShipDate: date(),
    promisedDeliveryDate: date(),
    region: doc(
      optional(id()),
      'Business region whose calendar and holidays apply, e.g. us-east, fr',
    ),
    timezone: doc(
      optional(str({ pattern: /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/ })),
      'IANA zone the promise dates are in',
    ),
  };
}

/** The whole order as the ERP knows it; created and changed both carry it, so consumers never merge deltas. */
export function orderFields() {
  return {
    ...orderFieldsV1(),
    promisedShipBy: doc(
      optional(instant()),
      'Exact ship-by with its offset, when the ERP states one; otherwise promisedShipDate at the shipping site cut-off (17:00 local by default)',
    ),
    promisedDeliverBy: doc(
      optional(instant()),
      'Exact deliver-by with its offset, when the ERP states one; otherwise the end of promisedDeliveryDate',
    ),
  };
}

type OrderFields = ReturnType<typeof orderFieldsV1>;

function orderCreatedOf<F extends OrderFields>(fields: F, version: number, schemaId: number) {
  return defineEvent({
    type: 'erp.order.created',
    version,
    schemaId,
    topic: TOPIC.erpOrders,
    summary: 'An order was entered in the ERP',
    payload: { ...fields },
  });
}

export const orderCreated = orderCreatedOf(orderFields(), 2, 107);

function orderChangedOf<F extends OrderFields>(fields: F, version: number, schemaId: number) {
  return defineEvent({
    type: 'erp.order.changed',
    version,
    schemaId,
    topic: TOPIC.erpOrders,
    summary:
      'An order was amended (lines, quantities, dates, ship-to); carries the full order after the change',
    payload: { ...fields, changeReason: optional(str()) },
  });
}

export const orderChanged = orderChangedOf(orderFields(), 2, 108);

export const orderCancelled = defineEvent({
  type: 'erp.order.cancelled',
  version: 1,
  schemaId: 103,
  topic: TOPIC.erpOrders,
  summary: 'An order was cancelled',
  payload: { orderId: id(), customerId: id(), reason: optional(str()) },
});

export const allocationUpdated = defineEvent({
  type: 'erp.allocation.updated',
  version: 1,
  schemaId: 104,
  topic: TOPIC.erpOrders,
  summary:
    'Stock allocation of an order changed; backorderedQty > 0 means the line will not ship in full',
  payload: {
    orderId: id(),
    lines: array(
      record('AllocationLine', {
        lineNo: int({ min: 1 }),
        sku: id(),
        orderedQty: int({ min: 0 }),
        allocatedQty: int({ min: 0 }),
        backorderedQty: int({ min: 0 }),
        expectedAvailableDate: optional(date()),
      }),
    ),
  },
});

export const creditHoldPlaced = defineEvent({
  type: 'erp.credit-hold.placed',
  version: 1,
  schemaId: 105,
  topic: TOPIC.erpOrders,
  summary: 'Finance put the order on credit hold; it will not be released to the warehouse',
  payload: { orderId: id(), customerId: id(), reason: optional(str()) },
});

export const creditHoldReleased = defineEvent({
  type: 'erp.credit-hold.released',
  version: 1,
  schemaId: 106,
  topic: TOPIC.erpOrders,
  summary: 'The credit hold on the order was lifted',
  payload: { orderId: id(), customerId: id(), note: optional(str()) },
});

/** Version 1 of the order snapshots: readable while v1 messages may remain on the topic. */
export const erpOrderEventsV1 = [
  orderCreatedOf(orderFieldsV1(), 1, 101),
  orderChangedOf(orderFieldsV1(), 1, 102),
];
