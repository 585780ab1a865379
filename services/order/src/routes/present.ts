import { cursorCodec, cursorParts } from '@forewarn/platform';
import type { z } from 'zod';
import type { HistoryRow, HoldRow, LineRow, OrderRow } from '../db/read-model-query.js';
import type { orderDetailSchema, orderStatuses, orderSummarySchema } from './schemas.js';

type Status = (typeof orderStatuses)[number];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function orderSummary(r: OrderRow): z.infer<typeof orderSummarySchema> {
  return {
    orderId: r.order_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    customerTier: r.customer_tier,
    poNumber: r.po_number,
    status: r.status as Status,
    orderValue: { amountMinor: Number(r.order_value_minor), currency: r.currency },
    promisedShipDate: r.promised_ship_date,
    promisedDeliveryDate: r.promised_delivery_date,
    shipmentIds: r.shipment_ids,
  };
}

export function orderDetail(d: {
  order: OrderRow;
  lines: LineRow[];
  holds: HoldRow[];
  history: HistoryRow[];
}): z.infer<typeof orderDetailSchema> {
  const r = d.order;
  return {
    ...orderSummary(r),
    accountRepId: r.account_rep_id,
    shipTo: r.ship_to,
    currency: r.currency,
    orderedAt: iso(r.ordered_at),
    requestedShipDate: r.requested_ship_date,
    region: r.region,
    timezone: r.timezone,
    cancelledAt: iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
    lines: d.lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      description: l.description,
      critical: l.critical,
      unitPrice: { amountMinor: Number(l.unit_price_minor), currency: l.currency },
      orderedQty: l.ordered_qty,
      allocatedQty: l.allocated_qty,
      backorderedQty: l.backordered_qty,
      expectedAvailableDate: l.expected_available_date,
      pickedQty: l.picked_qty,
      shortQty: l.short_qty,
      shortReason: l.short_reason,
      shippedQty: l.shipped_qty,
      deliveredQty: l.delivered_qty,
      invoicedQty: l.invoiced_qty,
      returnedQty: l.returned_qty,
    })),
    holds: d.holds.map((h) => ({
      kind: h.kind,
      reason: h.reason,
      placedAt: h.placed_at.toISOString(),
      releasedAt: iso(h.released_at),
      note: h.note,
    })),
    statusHistory: d.history.map((h) => ({
      status: h.status as Status,
      previousStatus: h.previous_status as Status | null,
      at: h.at.toISOString(),
      causeEventId: h.cause_event_id,
      causeSourceSystem: h.cause_source_system,
    })),
    invoices: r.invoices,
    returns: r.returns,
    lastEventAt: iso(r.last_event_at),
    eventCount: r.event_count,
  };
}

/** A customer's order list position: the last order's (promised delivery date, order id). */
export const orderCursor = cursorCodec(cursorParts.date, cursorParts.text);
