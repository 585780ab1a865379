import avsc from 'avsc';
import { z } from 'zod';
import { defineEventType } from '../catalog.js';

const line = z.object({ sku: z.string().min(1), qty: z.number().int().positive() });

/** Instants are ISO strings in the domain: an Avro `string`, a zod ISO datetime check. */
export const orderCreatedV1 = defineEventType({
  type: 'erp.order.created',
  version: 1,
  schemaId: 11,
  zod: z.object({ orderId: z.string(), occurredAt: z.iso.datetime(), lines: z.array(line) }),
  avro: avsc.Type.forSchema({
    type: 'record',
    name: 'OrderCreatedV1',
    namespace: 'forewarn.erp',
    fields: [
      { name: 'orderId', type: 'string' },
      { name: 'occurredAt', type: 'string' },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'OrderLine',
            fields: [
              { name: 'sku', type: 'string' },
              { name: 'qty', type: 'int' },
            ],
          },
        },
      },
    ],
  }),
});

/** v2 adds an optional PO number; optional fields are `null` in both forms. */
export const orderCreatedV2 = defineEventType({
  type: 'erp.order.created',
  version: 2,
  schemaId: 12,
  zod: z.strictObject({
    orderId: z.string(),
    occurredAt: z.iso.datetime(),
    poNumber: z.string().nullable(),
  }),
  avro: avsc.Type.forSchema({
    type: 'record',
    name: 'OrderCreatedV2',
    namespace: 'forewarn.erp',
    fields: [
      { name: 'orderId', type: 'string' },
      { name: 'occurredAt', type: 'string' },
      { name: 'poNumber', type: ['null', 'string'], default: null },
    ],
  }),
});

/** Declares its own `type` literal, as discriminated events do. */
export const shipmentDelayed = defineEventType({
  type: 'tms.shipment.delayed',
  version: 1,
  schemaId: 21,
  zod: z.object({
    type: z.literal('tms.shipment.delayed'),
    shipmentId: z.string(),
    newEta: z.iso.datetime(),
  }),
  avro: avsc.Type.forSchema({
    type: 'record',
    name: 'ShipmentDelayed',
    namespace: 'forewarn.tms',
    fields: [
      { name: 'type', type: 'string' },
      { name: 'shipmentId', type: 'string' },
      { name: 'newEta', type: 'string' },
    ],
  }),
});

export const testCatalog = [orderCreatedV1, orderCreatedV2, shipmentDelayed] as const;
