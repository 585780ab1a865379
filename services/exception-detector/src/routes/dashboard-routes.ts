import { problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { dashboardChoices, dashboardFacts } from '../db/dashboard.js';
import { casesPerDay, windowStart } from '../domain/kpis/daily.js';
import { caseKpis, FCR_DESCRIPTION } from '../domain/kpis/kpis.js';
import { caseKpisPerDay } from './kpis-per-day.js';
import { queueQuerySchema } from './schemas.js';

export interface DashboardRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
}
/** Managers read the dashboard; a CSR works the queue (the console shows each what it may). */
export const DASHBOARD_ROLES = ['team_lead', 'ops_manager', 'executive', 'admin'] as const;
const ratio = z.number().min(0).max(1).nullable();

const dashboardQuery = z.object({
  days: z.enum(['7', '30', '90']).default('30').transform(Number),
  tier: queueQuerySchema.shape.tier,
  customer: z.string().min(1).max(200).optional(),
  carrier: z.string().min(1).max(200).optional(),
  site: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("The site (warehouse) fulfilling the case's order, as the order service states it"),
});

const dashboardSchema = z.object({
  window: z.object({ since: z.string(), until: z.string(), days: z.number().int() }),
  filter: z.object({
    tier: z.string().optional(),
    customer: z.string().optional(),
    carrier: z.string().optional(),
    site: z.string().optional(),
  }),
  kpis: z.object({
    opened: z.number().int(),
    open: z.number().int(),
    resolved: z.number().int(),
    resolvedWithin24h: ratio,
    resolvedWithin48h: ratio,
    slaAttainment: ratio,
    firstContactResolution: ratio.describe(FCR_DESCRIPTION),
    breachedCases: z.number().int(),
    breaches: z.number().int(),
    topFailureModes: z.array(z.object({ caseType: z.string(), opened: z.number().int() })),
  }),
  casesByType: z.record(
    z.string(),
    z.object({ opened: z.number().int(), open: z.number().int(), resolved: z.number().int() }),
  ),
  series: z.array(
    z.object({
      day: z.string(),
      opened: z.number().int(),
      resolved: z.number().int(),
      breached: z.number().int(),
    }),
  ),
  kpiSeries: z
    .array(
      z.object({
        day: z.string(),
        slaAttainment: ratio,
        resolvedWithin24h: ratio,
        resolvedWithin48h: ratio,
        firstContactResolution: ratio,
      }),
    )
    .describe(
      "The ratio KPIs over the cases opened each day of the window (the series' days), as the totals define them",
    ),
  choices: z.object({
    customers: z.array(z.string()),
    carriers: z.array(z.string()),
    sites: z.array(z.string()),
  }),
});

/**
 * The case figures of the console's dashboard over a rolling 7/30/90-day window, filterable by
 * tier, customer, carrier and site: the KPIs of /kpis over the cases opened in the window, and the
 * cases opened, resolved and breached per day. The detector owns cases, so it computes these;
 * the console only draws them.
 */
export const dashboardRoutes: FastifyPluginAsyncZod<DashboardRoutesOptions> = async (app, opts) => {
  app.get(
    '/v1/dashboard/cases',
    {
      config: { roles: [...DASHBOARD_ROLES] },
      schema: {
        tags: ['kpis'],
        summary: 'Case KPIs and cases opened/resolved per day over a rolling 7/30/90 days',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema, ...problemResponses(400) },
      },
    },
    async (req) => {
      const { days, ...filter } = req.query;
      const until = opts.now();
      const since = windowStart(until, days);
      const [facts, choices] = await Promise.all([
        dashboardFacts(opts.pool, { since, until }, filter),
        dashboardChoices(opts.pool),
      ]);
      const openedInWindow = facts.cases.filter((c) => Date.parse(c.openedAt) >= since.getTime());
      const k = caseKpis(openedInWindow, facts.breaches, { since, until });
      const byType = Object.values(k.casesByType);
      const series = casesPerDay(facts.cases, until, days);
      return {
        window: { since: since.toISOString(), until: until.toISOString(), days },
        filter,
        kpis: {
          opened: openedInWindow.length,
          open: byType.reduce((n, t) => n + t.open, 0),
          resolved: byType.reduce((n, t) => n + t.resolved, 0),
          resolvedWithin24h: k.resolvedWithin24h,
          resolvedWithin48h: k.resolvedWithin48h,
          slaAttainment: k.slaAttainment,
          firstContactResolution: k.firstContactResolution,
          breachedCases: k.breaches.cases,
          breaches: k.breaches.total,
          topFailureModes: k.topFailureModes,
        },
        casesByType: k.casesByType,
        series,
        kpiSeries: caseKpisPerDay(
          openedInWindow,
          series.map((x) => x.day),
          until,
        ),
        choices,
      };
    },
  );
};
