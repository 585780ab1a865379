import { withTransaction } from '@forewarn/db';
import {
  canSeeCustomer,
  idFilter,
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Principal,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { listNotices, noticeRow, queueResend, RESENDABLE } from '../db/notice-queries.js';
import { noticeStats } from '../db/notice-stats.js';
import { listExceptions } from '../db/proactivity.js';
import { proactivityByDay } from '../domain/proactivity.js';
import { NoticeBusy, NoticeNotFound, OrderNoticesNotFound, ResendLimited } from './errors.js';
import { RESEND_LIMITS, slidingWindow } from './resend-limit.js';
import { noticeView } from './schemas.js';

const list = z.object({ notices: z.array(noticeView) });
const limit = z.coerce.number().int().min(1).max(500).default(100);
/** The delivery log shows addresses: customers (their own), staff and admins; no source. */
const readers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];
const callerOf = (p: Principal) => `${p.role}:${p.customerId ?? ''}:${p.name ?? ''}`;

/** Delivery log (by customer, by order for the order timeline), resend, proactivity KPIs. */
export function noticeRoutes(pool: pg.Pool, now: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['delivery log'];
    const perNotice = slidingWindow(RESEND_LIMITS.perNotice);
    const perCaller = slidingWindow(RESEND_LIMITS.perCaller);

    app.get(
      '/v1/notices',
      {
        config: { roles: readers },
        schema: {
          tags,
          summary: 'Notices with every delivery attempt and callback',
          querystring: z.object({
            customerId: z.string().optional(),
            orderId: z.string().optional(),
            caseId: z.string().max(200).optional().describe('Only the notices sent on this case'),
            status: z.string().optional(),
            limit,
          }),
          response: { 200: list, ...problemResponses(404) },
        },
      },
      async (req) => {
        const customerId = scopeToCustomer(principalOf(req), req.query.customerId);
        return { notices: await listNotices(pool, { ...req.query, customerId }) };
      },
    );

    const counts = z.record(z.string(), z.number());
    app.get(
      '/v1/notices/stats',
      {
        config: { roles: readers },
        schema: {
          tags,
          summary: 'How many notices went out, by channel, language, status and template',
          querystring: z.object({ customerId: z.string().optional() }),
          response: {
            ...problemResponses(404),
            200: z.object({
              total: z.number(),
              byChannel: counts,
              byLanguage: counts,
              byStatus: counts,
              byTemplate: counts,
            }),
          },
        },
      },
      async (req) => noticeStats(pool, scopeToCustomer(principalOf(req), req.query.customerId)),
    );

    app.get(
      '/v1/orders/:orderId/notices',
      {
        config: { roles: readers },
        schema: {
          tags,
          summary:
            'Notices about one order, for its timeline (a customer key that sees none gets 404)',
          params: z.object({ orderId: z.string() }),
          response: { 200: list, ...problemResponses(404) },
        },
      },
      async (req) => {
        const principal = principalOf(req);
        const customerId = scopeToCustomer(principal);
        const notices = await listNotices(pool, {
          orderId: req.params.orderId,
          customerId,
          limit: 500,
        });
        // This service does not know who owns an order: for a customer key, "nothing about it"
        // must read the same whether the order is another customer's, unknown, or not yet told.
        if (principal.role === 'customer' && notices.length === 0)
          throw OrderNoticesNotFound(req.params.orderId);
        return { notices };
      },
    );

    app.get(
      '/v1/notices/:noticeId',
      {
        config: { roles: readers },
        schema: {
          tags,
          params: z.object({ noticeId: z.uuid() }),
          response: { 200: noticeView, ...problemResponses(404) },
        },
      },
      async (req) => {
        const [n] = await listNotices(pool, { noticeId: req.params.noticeId, limit: 1 });
        if (!n || !canSeeCustomer(principalOf(req), n.customerId))
          throw NoticeNotFound(req.params.noticeId);
        return n;
      },
    );

    app.post(
      '/v1/notices/:noticeId/resend',
      {
        config: { roles: ['csr', 'team_lead', 'ops_manager', 'admin', 'customer'] },
        schema: {
          tags,
          summary: 'Send a notice again (from its first channel, under a new provider key)',
          params: z.object({ noticeId: z.uuid() }),
          response: {
            202: z.object({ noticeId: z.string(), status: z.literal('pending') }),
            ...problemResponses(404, 409, 429),
          },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        await withTransaction(pool, async (c) => {
          const n = await noticeRow(c, req.params.noticeId, true);
          if (!n || !canSeeCustomer(p, n.customer_id)) throw NoticeNotFound(req.params.noticeId);
          if (!RESENDABLE.has(n.status)) throw NoticeBusy(n.status);
          const at = now().getTime();
          if (!perCaller.take(callerOf(p), at)) throw ResendLimited('from this API key');
          if (!perNotice.take(n.notice_id, at)) throw ResendLimited('of this notice');
          await queueResend(c, n, now(), p.name ?? p.role);
        });
        return reply.code(202).send({ noticeId: req.params.noticeId, status: 'pending' as const });
      },
    );

    app.get(
      '/v1/proactivity',
      {
        config: { roles: readers },
        schema: {
          tags: ['proactivity'],
          summary: 'Proactive ratio and lead times over exceptions opened in a period',
          querystring: z.object({
            customerId: z.string().optional(),
            tier: z
              .enum(['enterprise', 'regional_reseller', 'retail'])
              .optional()
              .describe('Only exceptions of customers in this tier, as their case stated it'),
            site: idFilter(
              "Only exceptions whose order is fulfilled from this site (the order's siteId)",
            ),
            carrier: idFilter(
              "Only exceptions whose shipment (or one of its order's) goes by this carrier",
            ),
            from: z.iso.datetime().optional(),
            to: z.iso.datetime().optional(),
          }),
          response: {
            200: z.object({
              kpi: z.object({
                exceptions: z.number(),
                told: z.number(),
                proactive: z.number(),
                proactiveRatio: z.number().nullable(),
                medianTimeToTellMs: z.number().nullable(),
                medianLeadTimeMs: z.number().nullable(),
              }),
              byDay: z
                .array(
                  z.object({
                    day: z.string(),
                    exceptions: z.number(),
                    proactive: z.number(),
                    proactiveRatio: z.number(),
                    medianTimeToTellMs: z.number().nullable(),
                  }),
                )
                .describe('The same per UTC day of opening (days with exceptions only)'),
              exceptions: z.array(
                z.object({
                  caseId: z.string(),
                  customerId: z.string(),
                  caseType: z.string(),
                  orderId: z.string().nullable(),
                  shipmentId: z.string().nullable(),
                  openedAt: z.string(),
                  firstToldAt: z.string().nullable(),
                  customerContactedAt: z.string().nullable(),
                  proactive: z.boolean(),
                }),
              ),
            }),
            ...problemResponses(400, 404),
          },
        },
      },
      async (req) => {
        const customerId = scopeToCustomer(principalOf(req), req.query.customerId);
        const r = await listExceptions(pool, {
          ...(customerId ? { customerId } : {}),
          ...(req.query.tier ? { tier: req.query.tier } : {}),
          ...(req.query.site ? { site: req.query.site } : {}),
          ...(req.query.carrier ? { carrier: req.query.carrier } : {}),
          ...(req.query.from ? { from: new Date(req.query.from) } : {}),
          ...(req.query.to ? { to: new Date(req.query.to) } : {}),
        });
        return {
          kpi: r.kpi,
          byDay: proactivityByDay(r.exceptions),
          exceptions: r.exceptions.map((e) => ({
            ...e,
            openedAt: e.openedAt.toISOString(),
            firstToldAt: e.firstToldAt?.toISOString() ?? null,
            customerContactedAt: e.customerContactedAt?.toISOString() ?? null,
          })),
        };
      },
    );
  };
}
