import {
  array,
  bool,
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
import { lineQty } from './shared.js';

// Fulfilment events are per order (a wave or a truck spanning several orders is published once
// per order) so that they share the order's key and arrive in order with the ERP's events.

export const waveReleased = defineEvent({
  type: 'wms.wave.released',
  version: 2,
  schemaId: 251,
  earlier: [{ version: 1, schemaId: 201, envelope: 1 }],
  topic: TOPIC.wmsFulfilment,
  summary: "An order's lines were released to the warehouse floor in a pick wave",
  payload: () => ({ waveId: id(), orderId: id(), warehouseId: id(), lines: array(lineQty()) }),
});

const shortReason = () =>
  enumOf('ShortPickReason', ['no_stock', 'location_empty', 'damaged', 'quality_hold', 'other'], {
    default: 'other',
  });

export const pickCompleted = defineEvent({
  type: 'wms.pick.completed',
  version: 2,
  schemaId: 252,
  earlier: [{ version: 1, schemaId: 202, envelope: 1 }],
  topic: TOPIC.wmsFulfilment,
  summary: 'Picking finished for an order; shortQty > 0 on a line is a short pick',
  payload: () => ({
    orderId: id(),
    warehouseId: id(),
    waveId: optional(id()),
    lines: array(
      record('PickLine', {
        lineNo: int({ min: 1 }),
        sku: id(),
        requestedQty: int({ min: 0 }),
        pickedQty: int({ min: 0 }),
        shortQty: int({ min: 0 }),
        shortReason: optional(shortReason()),
        location: optional(str()),
      }),
    ),
  }),
});

/** A carton and the order lines in it. */
const carton = () =>
  record('Carton', {
    cartonId: id(),
    trackingNumber: optional(id()),
    weightGrams: optional(int({ min: 0 })),
    lines: array(lineQty()),
  });

export const packCompleted = defineEvent({
  type: 'wms.pack.completed',
  version: 2,
  schemaId: 253,
  earlier: [{ version: 1, schemaId: 203, envelope: 1 }],
  topic: TOPIC.wmsFulfilment,
  summary: 'An order was packed into cartons',
  payload: () => ({ orderId: id(), warehouseId: id(), cartons: array(carton()) }),
});

export const shipmentConfirmed = defineEvent({
  type: 'wms.shipment.confirmed',
  version: 2,
  schemaId: 254,
  earlier: [{ version: 1, schemaId: 204, envelope: 1 }],
  topic: TOPIC.wmsFulfilment,
  summary: 'Ship-confirm: the order left the dock with a carrier',
  payload: () => ({
    shipmentId: id(),
    orderId: id(),
    warehouseId: id(),
    carrier: doc(id(), 'Carrier code, e.g. ups, fedex, dhl'),
    serviceLevel: doc(str({ min: 1 }), 'Carrier service, e.g. ground, express'),
    trackingNumbers: array(id()),
    cartons: array(carton()),
    freightCost: money(),
    shippedAt: instant(),
    international: bool(),
  }),
});

export const inventoryAdjusted = defineEvent({
  type: 'wms.inventory.adjusted',
  version: 2,
  schemaId: 261,
  earlier: [{ version: 1, schemaId: 211, envelope: 1 }],
  topic: TOPIC.wmsInventory,
  summary:
    'Stock on hand of a SKU at a location changed outside normal flows (count, damage, correction)',
  payload: () => ({
    sku: id(),
    warehouseId: id(),
    location: id(),
    delta: doc(int(), 'Signed change in units'),
    onHandAfter: optional(int({ min: 0 })),
    reason: enumOf(
      'InventoryAdjustmentReason',
      ['cycle_count_mismatch', 'damage', 'found', 'lost', 'correction', 'receipt_error', 'other'],
      { default: 'other' },
    ),
    expectedQty: optional(int({ min: 0 })),
    countedQty: optional(int({ min: 0 })),
  }),
});
