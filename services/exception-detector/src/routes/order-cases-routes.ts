import {
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import type { Case } from '../domain/cases/case.js';

const TENANT = 'default';
const readers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];

const orderCaseSchema = z
  .object({
    caseId: z.string(),
    caseType: z.string(),
    origin: z.string(),
    status: z.string(),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    firstResponseDueAt: z.string(),
    resolutionDueAt: z.string(),
    remedy: z
      .object({ kind: z.string(), description: z.string(), dueBy: z.string().nullable() })
      .nullable(),
    requests: z.array(z.object({ requestId: z.string(), requestType: z.string(), at: z.string() })),
  })
  .meta({ id: 'OrderCase' });

/** What a customer may see of a case: no evidence, audit, internal notes or assignee. */
export function orderCaseView(c: Case): z.infer<typeof orderCaseSchema> {
  return {
    caseId: c.caseId,
    caseType: c.caseType,
    origin: c.origin,
    status: c.status,
    openedAt: c.openedAt,
    resolvedAt: c.resolution?.at ?? null,
    firstResponseDueAt: c.sla.firstResponseDueAt,
    resolutionDueAt: c.sla.resolutionDueAt,
    remedy: c.remedy
      ? { kind: c.remedy.kind, description: c.remedy.description, dueBy: c.remedy.dueBy ?? null }
      : null,
    requests: c.requests.map((r) => ({
      requestId: r.requestId,
      requestType: r.requestType,
      at: r.at,
    })),
  };
}

/** The cases about one order (or one of its shipments), newest first; a customer's own only. */
async function casesOfOrder(
  pool: pg.Pool,
  orderId: string,
  customerId: string | undefined,
): Promise<Case[]> {
  const { rows } = await pool.query<{ data: Case }>(
    `SELECT data FROM cases
      WHERE tenant_id = $1
        AND ((subject_kind = 'order' AND subject_id = $2) OR data->'party'->>'orderId' = $2)
        AND ($3::text IS NULL OR customer_id = $3)
      ORDER BY opened_at DESC
      LIMIT 100`,
    [TENANT, orderId, customerId ?? null],
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
          "An order's cases and customer requests, with status and remedy (a customer key sees its own)",
        params: z.object({ orderId: z.string().min(1).max(100) }),
        querystring: z.object({ customerId: z.string().min(1).max(100).optional() }),
        response: {
          200: z.object({ orderId: z.string(), items: z.array(orderCaseSchema) }),
          ...problemResponses(400, 403),
        },
      },
    },
    async (req) => {
      const customerId = scopeToCustomer(principalOf(req), req.query.customerId);
      const cases = await casesOfOrder(opts.pool, req.params.orderId, customerId);
      return { orderId: req.params.orderId, items: cases.map(orderCaseView) };
    },
  );
};
