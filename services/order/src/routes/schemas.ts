import { z } from 'zod';

import { orderStatus } from '@forewarn/contracts';

/** The contract's order status enum, so the API can never drift from the events. */
export const orderStatuses = orderStatus().zod.options;

const isoDate = z.iso.date().describe('YYYY-MM-DD');
const money = z
  .object({ amountMinor: z.number().int(), currency: z.string() })
  .meta({ id: 'Money' });

export const orderSummarySchema = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    customerTier: z.string(),
    poNumber: z.string(),
    status: z.enum(orderStatuses),
    orderValue: money,
    promisedShipDate: isoDate,
    promisedDeliveryDate: isoDate,
    shipmentIds: z.array(z.string()),
  })
  .meta({ id: 'OrderSummary' });

const lineSchema = z
  .object({
    lineNo: z.number().int(),
    sku: z.string(),
    description: z.string().nullable(),
    critical: z.boolean(),
    unitPrice: money,
    orderedQty: z.number().int(),
    allocatedQty: z.number().int(),
    backorderedQty: z.number().int(),
    expectedAvailableDate: isoDate.nullable(),
    pickedQty: z.number().int(),
    shortQty: z.number().int(),
    shortReason: z.string().nullable(),
    shippedQty: z.number().int(),
    deliveredQty: z.number().int(),
    invoicedQty: z.number().int(),
    returnedQty: z.number().int(),
  })
  .meta({ id: 'OrderLine' });

export const orderDetailSchema = orderSummarySchema
  .extend({
    accountRepId: z.string().nullable(),
    shipTo: z.record(z.string(), z.unknown()),
    currency: z.string(),
    orderedAt: z.string().nullable(),
    requestedShipDate: isoDate.nullable(),
    region: z.string().nullable(),
    timezone: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    lines: z.array(lineSchema),
    holds: z.array(
      z.object({
        kind: z.string(),
        reason: z.string().nullable(),
        placedAt: z.string(),
        releasedAt: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
    statusHistory: z.array(
      z.object({
        status: z.enum(orderStatuses),
        previousStatus: z.enum(orderStatuses).nullable(),
        at: z.string(),
        causeEventId: z.string(),
        causeSourceSystem: z.string(),
      }),
    ),
    invoices: z.array(z.unknown()).describe('Invoices as issued by the ERP'),
    returns: z.array(z.unknown()).describe('Returns (RMAs): authorised, received, credited'),
    lastEventAt: z.string().nullable(),
    eventCount: z.number().int(),
  })
  .meta({ id: 'Order' });

export const orderIdParams = z.object({ orderId: z.string().min(1).max(100) });

export const poQuery = z.object({ poNumber: z.string().min(1).max(100) });

export const customerOrdersParams = z.object({ customerId: z.string().min(1).max(100) });

export const customerOrdersQuery = z
  .object({
    status: z.enum(orderStatuses).optional(),
    promisedFrom: isoDate.optional().describe('Promised delivery date on or after'),
    promisedTo: isoDate.optional().describe('Promised delivery date on or before'),
    cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => !q.promisedFrom || !q.promisedTo || q.promisedFrom <= q.promisedTo, {
    message: 'promisedFrom must not be after promisedTo',
    path: ['promisedFrom'],
  });

export const orderPageSchema = z
  .object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OrderPage' });

export const orderListSchema = z
  .object({ items: z.array(orderSummarySchema) })
  .meta({ id: 'OrderList' });

export const timelineSchema = z
  .object({
    orderId: z.string(),
    entries: z.array(
      z.object({
        at: z.string(),
        source: z.enum(['erp', 'wms', 'carrier', 'case', 'notice']),
        sourceSystem: z.string(),
        type: z.string(),
        eventId: z.string(),
        summary: z.string(),
      }),
    ),
  })
  .meta({ id: 'OrderTimeline' });
