import {
  canSeeCustomer,
  errors,
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Principal,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { findShipment, listShipments, timelineEvents, type ShipmentRow } from '../db/read.js';
import { isKnown } from '../domain/emissions.js';
import { shipmentCursor, timelineCursor } from './cursor.js';
import { toShipment, toSummary, toTimelineEntry } from './dto.js';
import { pageQuery, Shipment, ShipmentPage, TimelinePage } from './schemas.js';

const readers = {
  roles: ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'] satisfies Role[],
};
const id = z.string().min(1).max(100);

/** A shipment the caller may see: a customer key only its own, with no hint that others exist. */
function visible(principal: Principal, row: ShipmentRow | undefined) {
  if (!row || !isKnown(row.state)) return undefined;
  if (!canSeeCustomer(principal, row.customer_id ?? '')) return undefined;
  return row.state;
}

/** One page of a shipment list, positioned after its last row; a row not yet known is left out. */
function shipmentPage(rows: ShipmentRow[], limit: number) {
  const { items, nextCursor } = shipmentCursor.page(rows, limit, (r) => [r.shipment_id]);
  return {
    items: items.flatMap((r) => (isKnown(r.state) ? [toSummary(r.state)] : [])),
    nextCursor,
  };
}

export const shipmentsRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/shipments/:shipmentId',
    {
      config: readers,
      schema: {
        tags: ['shipments'],
        summary: 'One shipment: carrier, parcels, status, ETA history, proof of delivery',
        params: z.object({ shipmentId: id }),
        response: { 200: Shipment, ...problemResponses(404) },
      },
    },
    async (req) => {
      const state = visible(principalOf(req), await findShipment(pool, req.params.shipmentId));
      if (!state) throw errors.shipmentNotFound(req.params.shipmentId);
      return toShipment(state);
    },
  );

  app.get(
    '/v1/shipments',
    {
      config: readers,
      schema: {
        tags: ['shipments'],
        summary:
          'Find shipments by tracking number or PO number (the customer who lost the tracking number)',
        querystring: z.object({
          trackingNumber: id.optional(),
          poNumber: id.optional(),
          customerId: id
            .optional()
            .describe('Staff: one customer. Customer keys get their own; naming another is 404'),
          ...pageQuery,
        }),
        response: { 200: ShipmentPage, ...problemResponses(404) },
      },
    },
    async (req) => {
      const q = req.query;
      const customerId = scopeToCustomer(principalOf(req), q.customerId);
      const [after] = shipmentCursor.decode(q.cursor) ?? [];
      const rows = await listShipments(pool, { ...q, customerId, after, limit: q.limit });
      return shipmentPage(rows, q.limit);
    },
  );

  app.get(
    '/v1/orders/:orderId/shipments',
    {
      config: readers,
      schema: {
        tags: ['shipments'],
        summary: 'The shipments of an order',
        params: z.object({ orderId: id }),
        querystring: z.object(pageQuery),
        response: { 200: ShipmentPage, ...problemResponses(404) },
      },
    },
    async (req) => {
      const customerId = scopeToCustomer(principalOf(req));
      const [after] = shipmentCursor.decode(req.query.cursor) ?? [];
      const rows = await listShipments(pool, {
        orderId: req.params.orderId,
        customerId,
        after,
        limit: req.query.limit,
      });
      if (rows.length === 0 && after === undefined)
        throw errors.orderShipmentsNotFound(req.params.orderId);
      return shipmentPage(rows, req.query.limit);
    },
  );

  app.get(
    '/v1/shipments/:shipmentId/timeline',
    {
      config: readers,
      schema: {
        tags: ['shipments'],
        summary: 'Every ship-confirm, scan, ETA change and proof of delivery, in event time',
        params: z.object({ shipmentId: id }),
        querystring: z.object(pageQuery),
        response: { 200: TimelinePage, ...problemResponses(404) },
      },
    },
    async (req) => {
      const { shipmentId } = req.params;
      if (!visible(principalOf(req), await findShipment(pool, shipmentId)))
        throw errors.shipmentNotFound(shipmentId);
      const cursor = timelineCursor.decode(req.query.cursor);
      const after = cursor && { occurredAt: cursor[0], eventId: cursor[1] };
      const rows = await timelineEvents(pool, shipmentId, after, req.query.limit);
      const { items, nextCursor } = timelineCursor.page(rows, req.query.limit, (r) => [
        r.occurred_at.toISOString(),
        r.event_id,
      ]);
      return { shipmentId, items: items.map(toTimelineEntry), nextCursor };
    },
  );
};
