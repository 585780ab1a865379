import { shipmentStatus as shipmentStatusSpec } from '@forewarn/contracts';
import { z } from 'zod';

const instant = z.string().meta({ format: 'date-time' });
const money = z.object({ amountMinor: z.number().int(), currency: z.string() });
const location = z
  .object({
    city: z.string().nullish(),
    region: z.string().nullish(),
    postalCode: z.string().nullish(),
    country: z.string().nullish(),
    facility: z.string().nullish(),
  })
  .meta({ id: 'ScanLocation' });
const lineQty = z.object({ lineNo: z.number().int(), sku: z.string(), qty: z.number().int() });

export const shipmentStatus = shipmentStatusSpec().zod;

export const ShipmentSummary = z
  .object({
    shipmentId: z.string(),
    orderId: z.string(),
    customerId: z.string().nullable(),
    poNumber: z.string().nullable(),
    carrier: z.string(),
    serviceLevel: z.string(),
    trackingNumbers: z.array(z.string()),
    status: shipmentStatus,
    statusAt: instant.nullable(),
    exceptionReason: z.string().nullable(),
    international: z.boolean(),
    shippedAt: instant,
    lastScanAt: instant.nullable(),
    eta: instant.nullable(),
    deliveredAt: instant.nullable(),
  })
  .meta({ id: 'ShipmentSummary' });

export const Shipment = ShipmentSummary.extend({
  warehouseId: z.string(),
  freightCost: money,
  cartons: z.array(
    z.object({
      cartonId: z.string(),
      trackingNumber: z.string().nullish(),
      weightGrams: z.number().int().nullish(),
      lines: z.array(lineQty),
    }),
  ),
  lines: z.array(lineQty),
  lastLocation: location.nullable(),
  parcels: z.record(z.string(), z.string()).describe('Status of each tracking number'),
  etaHistory: z.array(
    z.object({
      eventId: z.string(),
      trackingNumber: z.string(),
      eta: instant,
      previousEta: instant.nullable(),
      reason: z.string().nullable(),
      occurredAt: instant,
    }),
  ),
  proofOfDelivery: z
    .object({
      trackingNumber: z.string(),
      deliveredAt: instant,
      signedBy: z.string().nullable(),
      location: location.nullable(),
      lines: z
        .array(
          z.object({
            lineNo: z.number().int().nullable(),
            sku: z.string().nullable(),
            deliveredQty: z.number().int(),
          }),
        )
        .nullable(),
    })
    .nullable(),
}).meta({ id: 'Shipment' });

export const ShipmentPage = z
  .object({ items: z.array(ShipmentSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'ShipmentPage' });

export const TimelineEntry = z
  .object({
    eventId: z.string(),
    occurredAt: instant,
    kind: z.enum(['ship-confirmed', 'scan', 'eta-changed', 'proof-of-delivery']),
    sourceSystem: z.string(),
    trackingNumber: z.string().nullable(),
    status: z.string().nullable(),
    exceptionReason: z.string().nullable(),
    description: z.string().nullable(),
    location: location.nullable(),
    eta: instant.nullable(),
    previousEta: instant.nullable(),
    signedBy: z.string().nullable(),
  })
  .meta({ id: 'TimelineEntry' });

export const TimelinePage = z
  .object({
    shipmentId: z.string(),
    items: z.array(TimelineEntry),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'TimelinePage' });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
};
