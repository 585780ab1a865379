import {
  errors,
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import type { Case } from '../domain/cases/case.js';
import { customerCaseSchema, customerCaseView } from './customer-case-view.js';

const readers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];
/** An order a customer key sees no case about: none, not theirs, or no such order. */

/** The cases about one order (or one of its shipments), newest first; a customer's own only. */
async function casesOfOrder(
  pool: pg.Pool,
  orderId: string,
  customerId: string | undefined,
): Promise<Case[]> {
  const { rows } = await pool.query<{ data: Case }>(
    `SELECT data FROM cases
      WHERE ((subject_kind = 'order' AND subject_id = $1) OR data->'party'->>'orderId' = $1)
        AND ($2::text IS NULL OR customer_id = $2)
      ORDER BY opened_at DESC
      LIMIT 100`,
    [orderId, customerId ?? null],
  );
  return rows.map((r) => r.data);
}

/** An order's cases and customer requests with their remedy: what the tracking page shows. */
export const orderCasesRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, opts) => {
  app.get(
    '/v1/orders/:orderId/cases',
    {
      config: { roles: readers },
      schema: {
        tags: ['cases'],
        summary:
          "An order's cases and customer requests, with status and remedy (a customer key sees its own; none is 404)",
        params: z.object({ orderId: z.string().min(1).max(100) }),
        querystring: z.object({ customerId: z.string().min(1).max(100).optional() }),
        response: {
          200: z.object({ orderId: z.string(), items: z.array(customerCaseSchema) }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const customerId = scopeToCustomer(principal, req.query.customerId);
      const cases = await casesOfOrder(opts.pool, req.params.orderId, customerId);
      // For a customer key, no case about the order reads the same whether the order is another
      // customer's, unknown, or fine; staff (the tracking page) get the empty list.
      if (principal.role === 'customer' && cases.length === 0)
        throw errors.orderCasesNotFound(req.params.orderId);
      return { orderId: req.params.orderId, items: cases.map(customerCaseView) };
    },
  );
};
