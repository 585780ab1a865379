import { idFilter, principalOf, scopeToCustomer, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { orderKpis } from '../db/kpi-queries.js';

const ratio = z.number().nullable();
const counts = z.object({
  orders: z.number(),
  otif: z.object({ measured: z.number(), hits: z.number(), ratio }),
  fillRate: z.object({ orderedUnits: z.number(), shippedUnits: z.number(), ratio }),
  pickAccuracy: z
    .object({ pickedLines: z.number(), accurateLines: z.number(), ratio })
    .describe(
      'Lines picked exactly as ordered over the lines picked; a short pick counts against it',
    ),
});

const optionalCustomer = (customerId: string | undefined) => (customerId ? { customerId } : {});

/** OTIF, fill rate and pick accuracy from the orders' live state (PRODUCT.md KPIs); customers see their own. */
export const kpiRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/kpis',
    {
      config: { roles: ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'] },
      schema: {
        tags: ['kpis'],
        summary:
          'OTIF, fill rate and pick accuracy over the orders Forewarn knows, or those placed in a window, of a tier, customer, site or carrier',
        querystring: z.object({
          customerId: z.string().optional(),
          tier: z
            .enum(['enterprise', 'regional_reseller', 'retail'])
            .optional()
            .describe('Only orders of customers in this tier (the tier the order carried)'),
          site: idFilter('Only orders fulfilled from this site (the WMS warehouseId)'),
          carrier: idFilter('Only orders with a shipment by this carrier'),
          since: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('Only orders placed at or after this instant'),
          until: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('Only orders placed at or before this instant'),
        }),
        response: {
          200: counts.extend({
            byDay: z
              .array(counts.extend({ day: z.string() }))
              .describe('The same per UTC day the orders were placed (days with orders only)'),
          }),
        },
      },
    },
    async (req) => {
      const { customerId, since, until, ...filter } = req.query;
      return orderKpis(pool, {
        ...filter,
        ...(since ? { since: new Date(since) } : {}),
        ...(until ? { until: new Date(until) } : {}),
        ...optionalCustomer(scopeToCustomer(principalOf(req), customerId)),
      });
    },
  );
};
