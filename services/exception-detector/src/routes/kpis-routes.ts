import { problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { kpiFacts } from '../db/kpis.js';
import { caseKpis, FCR_DESCRIPTION } from '../domain/kpis/kpis.js';

export interface KpisRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
}
const ratio = z.number().min(0).max(1).nullable();

const kpisSchema = z.object({
  window: z.object({ since: z.string().nullable(), until: z.string() }),
  resolvedWithin24h: ratio.describe(
    'Of the proactive cases opened at least 24 h before `until`, the share resolved within 24 h of opening',
  ),
  resolvedWithin48h: ratio.describe('The same over 48 h'),
  slaAttainment: ratio.describe('Of every case opened in the window, the share with no SLA breach'),
  firstContactResolution: ratio.describe(FCR_DESCRIPTION),
  breaches: z.object({
    cases: z.number().int(),
    total: z.number().int(),
    byClock: z.record(z.string(), z.number().int()),
  }),
  casesByType: z.record(
    z.string(),
    z.object({ opened: z.number().int(), open: z.number().int(), resolved: z.number().int() }),
  ),
  topFailureModes: z.array(z.object({ caseType: z.string(), opened: z.number().int() })),
});

/** Case KPIs for operations and management (PRODUCT.md "KPIs"), over an optional window. */
export const kpisRoutes: FastifyPluginAsyncZod<KpisRoutesOptions> = async (app, opts) => {
  app.get(
    '/v1/kpis',
    {
      config: { roles: ['csr', 'team_lead', 'ops_manager', 'executive'] },
      schema: {
        tags: ['kpis'],
        summary:
          'Exceptions resolved within 24/48 h, SLA attainment, breaches, cases by type, top failure modes',
        querystring: z.object({
          since: z.iso.datetime({ offset: true }).optional(),
          until: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 200: kpisSchema, ...problemResponses(400) },
      },
    },
    async (req) => {
      const window = {
        ...(req.query.since ? { since: new Date(req.query.since) } : {}),
        until: req.query.until ? new Date(req.query.until) : opts.now(),
      };
      const facts = await kpiFacts(opts.pool, window);
      return caseKpis(facts.cases, facts.breaches, window);
    },
  );
};
