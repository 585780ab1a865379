import {
  canSeeCustomer,
  errors,
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import {
  findByPo,
  findOrder,
  findOrderDetail,
  listCustomerOrders,
} from '../db/read-model-query.js';
import { mergeTimeline } from '../domain/timeline.js';
import { orderCursor, orderDetail, orderSummary } from './present.js';
import {
  customerOrdersParams,
  customerOrdersQuery,
  orderDetailSchema,
  orderIdParams,
  orderListSchema,
  orderPageSchema,
  poQuery,
  timelineSchema,
} from './schemas.js';
import type { TimelineProvider } from './timeline-sources.js';

export interface OrdersRoutesOptions {
  pool: pg.Pool;
  timeline: readonly TimelineProvider[];
}

/** Customers see their own orders; every staff role sees all. `source` keys read nothing. */
const readers = {
  roles: ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'] satisfies Role[],
};

export const ordersRoutes: FastifyPluginAsyncZod<OrdersRoutesOptions> = async (app, opts) => {
  const { pool } = opts;

  /** The order if this caller may see it; otherwise the same 404 as a missing one. */
  const visibleOrder = async (request: Parameters<typeof principalOf>[0], orderId: string) => {
    const order = await findOrder(pool, orderId);
    if (!order || !canSeeCustomer(principalOf(request), order.customer_id)) {
      throw errors.orderNotFound(orderId);
    }
    return order;
  };

  app.get(
    '/v1/orders/:orderId',
    {
      config: readers,
      schema: {
        tags: ['orders'],
        summary: 'One order: header, lines with every quantity, holds and status history',
        params: orderIdParams,
        response: { 200: orderDetailSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      await visibleOrder(request, request.params.orderId);
      const detail = await findOrderDetail(pool, request.params.orderId);
      if (!detail) throw errors.orderNotFound(request.params.orderId);
      return orderDetail(detail);
    },
  );

  app.get(
    '/v1/orders',
    {
      config: readers,
      schema: {
        tags: ['orders'],
        summary: "Orders by the customer's PO number (a customer key sees only its own)",
        querystring: poQuery,
        response: { 200: orderListSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const customerId = scopeToCustomer(principalOf(request));
      const rows = await findByPo(pool, request.query.poNumber, customerId);
      return { items: rows.map(orderSummary) };
    },
  );

  app.get(
    '/v1/customers/:customerId/orders',
    {
      config: readers,
      schema: {
        tags: ['orders'],
        summary: "A customer's orders by promised delivery date, filtered, with cursor paging",
        params: customerOrdersParams,
        querystring: customerOrdersQuery,
        response: { 200: orderPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const customerId = scopeToCustomer(principalOf(request), request.params.customerId);
      const q = request.query;
      const [date, orderId] = orderCursor.decode(q.cursor) ?? [];
      const rows = await listCustomerOrders(pool, {
        customerId: customerId ?? request.params.customerId,
        ...(q.status ? { status: q.status } : {}),
        ...(q.promisedFrom ? { promisedFrom: q.promisedFrom } : {}),
        ...(q.promisedTo ? { promisedTo: q.promisedTo } : {}),
        ...(date && orderId ? { after: { date, orderId } } : {}),
        limit: q.limit,
      });
      const { items, nextCursor } = orderCursor.page(rows, q.limit, (last) => [
        last.promised_delivery_date,
        last.order_id,
      ]);
      return { items: items.map(orderSummary), nextCursor };
    },
  );

  app.get(
    '/v1/orders/:orderId/timeline',
    {
      config: readers,
      schema: {
        tags: ['orders'],
        summary: 'Unified timeline: ERP, WMS and carrier events merged by time',
        params: orderIdParams,
        response: { 200: timelineSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      await visibleOrder(request, orderId);
      const groups = await Promise.all(opts.timeline.map((p) => p.entriesFor(orderId)));
      return { orderId, entries: mergeTimeline(groups) };
    },
  );
};
