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
import { defineEvent, type VersionSpec } from '../envelope.js';
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

function orderCreatedOf<F extends OrderFields>(fields: () => F, v: VersionSpec) {
  return defineEvent({
    type: 'erp.order.created',
    ...v,
    topic: TOPIC.erpOrders,
    summary: 'An order was entered in the ERP',
    payload: fields,
  });
}

export const orderCreated = orderCreatedOf(orderFields, {
  version: 3,
  schemaId: 151,
  earlier: [{ version: 2, schemaId: 107, envelope: 1 }],
});

function orderChangedOf<F extends OrderFields>(fields: () => F, v: VersionSpec) {
  return defineEvent({
    type: 'erp.order.changed',
    ...v,
    topic: TOPIC.erpOrders,
    summary:
      'An order was amended (lines, quantities, dates, ship-to); carries the full order after the change',
    payload: () => ({ ...fields(), changeReason: optional(str()) }),
  });
}

export const orderChanged = orderChangedOf(orderFields, {
  version: 3,
  schemaId: 152,
  earlier: [{ version: 2, schemaId: 108, envelope: 1 }],
});

export const orderCancelled = defineEvent({
  type: 'erp.order.cancelled',
  version: 2,
  schemaId: 153,
  earlier: [{ version: 1, schemaId: 103, envelope: 1 }],
  topic: TOPIC.erpOrders,
  summary: 'An order was cancelled',
  payload: () => ({ orderId: id(), customerId: id(), reason: optional(str()) }),
});

export const allocationUpdated = defineEvent({
  type: 'erp.allocation.updated',
  version: 2,
  schemaId: 154,
  earlier: [{ version: 1, schemaId: 104, envelope: 1 }],
  topic: TOPIC.erpOrders,
  summary:
    'Stock allocation of an order changed; backorderedQty > 0 means the line will not ship in full',
  payload: () => ({
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
  }),
});

export const creditHoldPlaced = defineEvent({
  type: 'erp.credit-hold.placed',
  version: 2,
  schemaId: 155,
  earlier: [{ version: 1, schemaId: 105, envelope: 1 }],
  topic: TOPIC.erpOrders,
  summary: 'Finance put the order on credit hold; it will not be released to the warehouse',
  payload: () => ({ orderId: id(), customerId: id(), reason: optional(str()) }),
});

export const creditHoldReleased = defineEvent({
  type: 'erp.credit-hold.released',
  version: 2,
  schemaId: 156,
  earlier: [{ version: 1, schemaId: 106, envelope: 1 }],
  topic: TOPIC.erpOrders,
  summary: 'The credit hold on the order was lifted',
  payload: () => ({ orderId: id(), customerId: id(), note: optional(str()) }),
});

/** Version 1 of the order snapshots: readable while v1 messages may remain on the topic. */
export const erpOrderEventsV1 = [
  orderCreatedOf(orderFieldsV1, { version: 1, schemaId: 101, envelope: 1 }),
  orderChangedOf(orderFieldsV1, { version: 1, schemaId: 102, envelope: 1 }),
];
