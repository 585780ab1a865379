import { errors, problemResponses, type FastifyPluginAsyncZod, type Role } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { purchaseOrdersFor, supplierKnown } from '../db/purchasing.js';
import { ACK_HOURS, judgePurchaseOrder, supplierScorecards } from '../domain/supplier-scorecard.js';

const DAY_MS = 86_400_000;
const share = z.number().min(0).max(1).nullable();

/** Managers and above, as for the carrier scorecards; CSRs and customers do not see suppliers. */
const readers = { roles: ['team_lead', 'ops_manager', 'executive', 'admin'] satisfies Role[] };

const Scorecard = z
  .object({
    supplierId: z.string(),
    supplierName: z.string(),
    purchaseOrders: z.number().int().describe('Purchase orders issued or due in the window'),
    onTimeInFull: share.describe(
      'Of those complete or past due, the share whose accepted quantity covered every line by the promised receipt date',
    ),
    defectRate: share.describe('Of the units received, the share inspection rejected'),
    leadTimeAdherence: share.describe(
      'Of those received or past the quoted lead time, the share first received within it',
    ),
    meanLeadTimeDeviationDays: z
      .number()
      .nullable()
      .describe('Mean of actual less quoted lead time, in days (negative: early)'),
    medianAckHours: z
      .number()
      .nullable()
      .describe('Median hours from issue to the supplier acknowledgement'),
    ackWithinTarget: share.describe(`Acknowledged within ${ACK_HOURS} h`),
    open: z.number().int().describe('Not yet received in full'),
    rolling: z.array(
      z.object({
        days: z.number().int(),
        purchaseOrders: z.number().int(),
        onTimeInFull: share,
        defectRate: share,
      }),
    ),
    trend: z.array(
      z.object({ week: z.string(), purchaseOrders: z.number().int(), onTimeInFull: share }),
    ),
  })
  .describe('One supplier or contractor scorecard');

const PurchaseOrderJudgement = z
  .object({
    poNumber: z.string(),
    supplierId: z.string(),
    issuedAt: z.string(),
    dueBy: z.string(),
    completedAt: z.string().nullable(),
    onTimeInFull: z.boolean().nullable(),
    firstReceivedAt: z.string().nullable(),
    leadTimeAdhered: z.boolean().nullable(),
    leadTimeDeviationDays: z.number().nullable(),
    ackHours: z.number().nullable(),
    ackedInTime: z.boolean().nullable(),
    orderedUnits: z.number().int(),
    receivedUnits: z.number().int(),
    rejectedUnits: z.number().int(),
  })
  .describe('One purchase order as judged at the service clock');

const windowSchema = z.object({ since: z.string(), until: z.string(), days: z.number().int() });
const days = z.enum(['7', '30', '90']).default('30').transform(Number);

/**
 * Supplier and contractor scorecards from the ERP purchasing events this service owns: on-time
 * in full, defect rate, lead-time adherence and responsiveness over a rolling 7/30/90 days.
 */
export const supplierRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; now: () => Date }> = async (
  app,
  opts,
) => {
  const windowOf = (until: Date, d: number) => ({
    since: new Date(until.getTime() - d * DAY_MS).toISOString(),
    until: until.toISOString(),
    days: d,
  });

  app.get(
    '/v1/suppliers/scorecards',
    {
      config: readers,
      schema: {
        tags: ['supplier scorecards'],
        summary:
          'Every supplier: on-time in full, defect rate, lead-time adherence, acknowledgement time, trend',
        querystring: z.object({ days }),
        response: {
          200: z.object({ window: windowSchema, suppliers: z.array(Scorecard) }),
          ...problemResponses(400),
        },
      },
    },
    async (req) => {
      const until = opts.now();
      const orders = await purchaseOrdersFor(opts.pool, until, 90);
      return {
        window: windowOf(until, req.query.days),
        suppliers: supplierScorecards(orders, until, req.query.days),
      };
    },
  );

  app.get(
    '/v1/suppliers/:supplierId/scorecard',
    {
      config: readers,
      schema: {
        tags: ['supplier scorecards'],
        summary: "One supplier's scorecard and the purchase orders behind it",
        params: z.object({ supplierId: z.string().min(1).max(200) }),
        querystring: z.object({ days }),
        response: {
          200: z.object({
            window: windowSchema,
            scorecard: Scorecard.nullable().describe(
              'Null when none of its purchase orders falls in the last 90 days',
            ),
            purchaseOrders: z
              .array(PurchaseOrderJudgement)
              .describe('Its purchase orders issued or due in the window, newest first'),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (req) => {
      const { supplierId } = req.params;
      if (!(await supplierKnown(opts.pool, supplierId))) throw errors.supplierNotFound(supplierId);
      const until = opts.now();
      const orders = await purchaseOrdersFor(opts.pool, until, 90, supplierId);
      const [scorecard] = supplierScorecards(orders, until, req.query.days);
      const since = until.getTime() - req.query.days * DAY_MS;
      const judged = orders
        .map((po) => judgePurchaseOrder(po, until))
        .filter((j) => j !== null)
        .filter((j) => Date.parse(j.issuedAt) >= since || Date.parse(j.dueBy) >= since)
        .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
      return {
        window: windowOf(until, req.query.days),
        scorecard: scorecard ?? null,
        purchaseOrders: judged,
      };
    },
  );
};
