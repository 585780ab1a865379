import { withTransaction } from '@forewarn/db';
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
import { z } from 'zod';
import type { StoreOf } from '../db/pg-store.js';
import { auditTrail, queryQueue } from '../db/queue.js';
import { loadCase } from '../db/cases.js';
import { lockKeys } from '../db/locks.js';
import { countPendingApprovals } from '../db/pending-approvals.js';
import { assigneeNamed, assigneesOf, type User } from '../domain/cases/assignees.js';
import type { StaffRole } from '../domain/cases/case.js';
import { remedyApprovalOf, type CaseCommand } from '../domain/cases/commands.js';
import type { DetectorPolicy } from '../domain/policy.js';
import { GRANTING_ROLES, type GrantingRole } from '../domain/remedy/remedy-approval.js';
import { calendarById, slaStanding } from '../domain/sla/sla.js';
import { suggestWording } from '../domain/wording/wording.js';
import { handleCommand, handleRequest } from '../workflow/commands.js';
import { lockKey } from '../workflow/locks.js';
import {
  CASE_QUEUES,
  caseIdParams,
  caseSummarySchema,
  caseCursor,
  queueQuerySchema,
  remedySchema,
  requestSchema,
  summarizeCase,
} from './schemas.js';
import { customerCaseSchema, customerCaseView } from './customer-case-view.js';

export interface CasesRoutesOptions {
  pool: pg.Pool;
  storeOf: StoreOf;
  now: () => Date;
  policy: DetectorPolicy;
  /** Who signs in (the API keys' names and roles, never the keys): whom a case may be assigned to. */
  users: readonly User[];
}
const STAFF: Role[] = ['csr', 'team_lead', 'ops_manager', 'executive'];
/**
 * Who reads cases: staff; admins (they audit, they do not work cases); customers, their own
 * only and through the customer view, as the same 404 as a missing case otherwise.
 */
const READERS: Role[] = ['customer', ...STAFF, 'admin'];
/** Who approves remedies over a CSR's credit limit and moves cases between people and queues. */
const LEADS: Role[] = ['team_lead', 'ops_manager', 'executive'];

/**
 * Whose approvals a role may give: its own; a role that grants nothing on its own word (an admin)
 * approves no more than a CSR could, which is nothing that waits for approval.
 */
const approverRole = (role: Role): GrantingRole =>
  (GRANTING_ROLES as readonly string[]).includes(role) ? (role as GrantingRole) : 'csr';

/** The CSR API: queue, case detail, actions (each audited with who and when), customer requests. */
export const casesRoutes: FastifyPluginAsyncZod<CasesRoutesOptions> = async (app, opts) => {
  const { policy } = opts;

  app.get(
    '/v1/cases',
    {
      config: { roles: READERS },
      schema: {
        tags: ['cases'],
        summary:
          'The case queue, most urgent SLA deadline first; a customer key gets its own cases in the customer view, and only the status, type and paging filters',
        querystring: queueQuerySchema,
        response: {
          200: z.union([
            z.object({ items: z.array(caseSummarySchema), nextCursor: z.string().nullable() }),
            z.object({ items: z.array(customerCaseSchema), nextCursor: z.string().nullable() }),
          ]),
          ...problemResponses(400, 404),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const p = principalOf(req);
      const customerId = scopeToCustomer(p, q.customerId);
      const [dueAt, caseId] = caseCursor.decode(q.cursor) ?? [];
      const now = opts.now();
      // Owner, queue, tier and SLA state are how staff route work: a customer could learn from
      // them who handles its cases or how it is ranked, so its key ignores them.
      const staff = p.role !== 'customer';
      const rows = await queryQueue(opts.pool, {
        status: q.status,
        limit: q.limit + 1,
        now,
        atRiskMinutes: policy.warnBeforeMinutes.first_response * 4,
        ...(customerId ? { customerId } : {}),
        ...(staff && q.owner ? { owner: q.owner } : {}),
        ...(staff && q.queue ? { queue: q.queue } : {}),
        ...(staff && q.tier ? { tier: q.tier } : {}),
        ...(staff && q.site ? { site: q.site } : {}),
        ...(staff && q.carrier ? { carrier: q.carrier } : {}),
        ...(q.type ? { caseType: q.type } : {}),
        ...(staff && q.slaState ? { slaState: q.slaState } : {}),
        ...(staff && q.contacted ? { contacted: q.contacted === 'yes' } : {}),
        ...(staff && q.openedSince ? { openedSince: new Date(q.openedSince) } : {}),
        ...(staff && q.openedUntil ? { openedUntil: new Date(q.openedUntil) } : {}),
        ...(staff && q.remedy
          ? {
              remedyPending: {
                policy: policy.remedy,
                ...(q.remedy === 'awaiting_me' ? { approver: approverRole(p.role) } : {}),
              },
            }
          : {}),
        ...(caseId !== undefined ? { after: { dueAt: dueAt ?? null, caseId } } : {}),
      });
      const cases = rows.slice(0, q.limit);
      const page = cases.map((c) => summarizeCase(c, policy, now));
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > q.limit && last ? caseCursor.encode([last.nextDueAt, last.caseId]) : null;
      return staff
        ? { items: page, nextCursor }
        : { items: cases.map(customerCaseView), nextCursor };
    },
  );

  app.get(
    '/v1/cases/pending-approvals',
    {
      config: { roles: LEADS },
      schema: {
        tags: ['cases'],
        summary:
          "How many open cases have a remedy awaiting approval, and how many of them the caller's role may approve (the queue lists them with remedy=pending and remedy=awaiting_me)",
        response: {
          200: z.object({
            pending: z.number().int().nonnegative(),
            yours: z.number().int().nonnegative(),
          }),
        },
      },
    },
    async (req) =>
      countPendingApprovals(opts.pool, policy.remedy, approverRole(principalOf(req).role)),
  );

  app.get(
    '/v1/assignees',
    {
      config: { roles: LEADS },
      schema: {
        tags: ['cases'],
        summary:
          'The people a case may be reassigned to: every named API key whose role works cases (CSR, team lead, operations manager, executive)',
        response: {
          200: z.object({
            assignees: z.array(
              z.object({
                userId: z.string(),
                role: z.enum(['csr', 'team_lead', 'ops_manager', 'executive']),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ assignees: assigneesOf(opts.users) }),
  );

  app.get(
    '/v1/cases/:caseId',
    {
      config: { roles: READERS },
      schema: {
        tags: ['cases'],
        summary:
          'Case detail: why it opened, evidence, SLA clocks, remedy and its approval (case.remedyApproval: pending, approved or declined, absent when a CSR may offer it), suggested wording, audit trail; a customer key gets its own case in the customer view',
        params: caseIdParams,
        response: {
          200: z.union([
            z.object({
              summary: caseSummarySchema,
              case: z.record(z.string(), z.unknown()),
              why: z.string(),
              wording: z.record(z.string(), z.string()),
              slaCalendar: z.string(),
              audit: z.array(z.record(z.string(), z.unknown())),
            }),
            customerCaseSchema,
          ]),
          ...problemResponses(404),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const c = await loadCase(opts.pool, req.params.caseId);
      if (!c || !canSeeCustomer(p, c.party.customerId ?? ''))
        throw errors.caseNotFound(req.params.caseId);
      if (p.role === 'customer') return customerCaseView(c);
      const now = opts.now();
      // Where the remedy stands now (a remedy the detector re-suggested since is pending again).
      const remedyApproval = remedyApprovalOf(policy, c);
      return {
        summary: summarizeCase(c, policy, now),
        case: { ...c, remedyApproval } as unknown as Record<string, unknown>,
        why: `${c.explanation} Evidence: ${c.evidence.map((e) => e.summary).join('; ')}.`,
        // The words never promise a remedy someone still has to approve, or declined.
        wording: {
          ...suggestWording(
            remedyApproval && remedyApproval.status !== 'approved'
              ? { ...c, remedy: undefined }
              : c,
          ),
        } as Record<string, string>,
        slaCalendar: `${calendarById(policy, c.sla.calendarId).id} (${slaStanding(policy, c.sla, now)})`,
        audit: await auditTrail(opts.pool, c.caseId),
      };
    },
  );

  const action = <S extends z.ZodType>(
    path: string,
    summary: string,
    roles: Role[],
    body: S,
    toCommand: (b: z.infer<S>) => CaseCommand,
  ) =>
    app.post(
      `/v1/cases/:caseId/${path}`,
      {
        config: { roles },
        schema: {
          tags: ['case actions'],
          summary,
          params: caseIdParams,
          body,
          response: { 200: caseSummarySchema, ...problemResponses(400, 404, 409) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const actor = { id: p.name ?? p.role, role: p.role as StaffRole };
        const now = opts.now();
        // A command the case's state or the caller's role refuses throws the catalog's error.
        const c = await withTransaction(opts.pool, (client) =>
          opts.storeOf(client).run((store) =>
            handleCommand(store, req.params.caseId, toCommand(req.body as z.infer<S>), actor, {
              policy,
              now,
            }),
          ),
        );
        if (!c) throw errors.caseNotFound(req.params.caseId);
        return summarizeCase(c, policy, now);
      },
    );

  const none = z.object({}).optional();
  const reason = z.object({ reason: z.string().min(1).max(2000) });
  action('claim', 'Claim the case (first response)', STAFF, none, () => ({ kind: 'claim' }));
  action(
    'comment',
    'Add a comment',
    STAFF,
    z.object({ text: z.string().min(1).max(4000) }),
    (b) => ({ kind: 'comment', text: b.text }),
  );
  action(
    'remedy',
    'Change the remedy (credit limits by role)',
    STAFF,
    reason.extend({ remedy: remedySchema }),
    (b) => ({ kind: 'change_remedy', remedy: b.remedy, reason: b.reason }),
  );
  action(
    'approve-remedy',
    "Approve the remedy awaiting approval (over a CSR's credit limit); the approver's own limit must cover it",
    LEADS,
    z.object({ note: z.string().min(1).max(2000).optional() }).optional(),
    (b) => ({ kind: 'approve_remedy', ...(b?.note ? { note: b.note } : {}) }),
  );
  action(
    'decline-remedy',
    'Decline the remedy awaiting approval, with the reason; only a new proposal can be approved after',
    LEADS,
    reason,
    (b) => ({ kind: 'decline_remedy', reason: b.reason }),
  );
  action(
    'reassign',
    'Assign the case to a named user and/or another queue (team lead and above; a CSR claims)',
    LEADS,
    z
      .object({
        userId: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .nullable()
          .optional()
          .describe(
            'The new owner, one of GET /v1/assignees (else UNKNOWN_ASSIGNEE or ASSIGNEE_CANNOT_WORK_CASES); null leaves the case to the queue; absent keeps the owner unless the queue changes',
          ),
        queue: z.enum(CASE_QUEUES).optional(),
        reason: z.string().min(1).max(2000).optional(),
      })
      .refine((b) => b.userId !== undefined || b.queue !== undefined, {
        message: 'Name a user, a queue or both.',
      }),
    (b) => ({
      kind: 'reassign',
      // Only someone who signs in and works cases: never a typo nobody will see the case under.
      ...(b.userId ? { userId: assigneeNamed(opts.users, b.userId).userId } : {}),
      ...(b.userId === null ? { userId: null } : {}),
      ...(b.queue ? { queue: b.queue } : {}),
      ...(b.reason ? { reason: b.reason } : {}),
    }),
  );
  action(
    'escalate',
    'Escalate one level, or to a named level',
    STAFF,
    reason.extend({ to: z.enum(['l2', 'l3', 'executive']).optional() }),
    (b) => ({ kind: 'escalate', reason: b.reason, ...(b.to ? { to: b.to } : {}) }),
  );
  action(
    'wait-on-customer',
    'Pause the SLA clocks while waiting on the customer',
    STAFF,
    z.object({ note: z.string().optional() }),
    (b) => ({ kind: 'wait_on_customer', ...(b.note ? { note: b.note } : {}) }),
  );
  action(
    'customer-replied',
    'Resume the SLA clocks',
    STAFF,
    z.object({ note: z.string().optional() }),
    (b) => ({ kind: 'customer_replied', ...(b.note ? { note: b.note } : {}) }),
  );
  action(
    'resolve',
    'Resolve the case',
    STAFF,
    reason.extend({
      resolution: z
        .enum(['resolved_by_csr', 'customer_accepted', 'closed_no_action'])
        .default('resolved_by_csr'),
    }),
    (b) => ({ kind: 'resolve', resolution: b.resolution, reason: b.reason }),
  );
  action(
    'reopen',
    'Reopen a resolved case (team lead and above)',
    ['team_lead', 'ops_manager', 'executive'],
    reason,
    (b) => ({ kind: 'reopen', reason: b.reason }),
  );

  app.post(
    '/v1/requests',
    {
      config: { roles: ['customer', ...STAFF] },
      schema: {
        tags: ['customer requests'],
        summary:
          'Customer-initiated request: joins the open proactive case about the same order or shipment, else opens its own',
        body: requestSchema,
        response: { 200: caseSummarySchema, ...problemResponses(400, 404) },
      },
    },
    async (req) => {
      // A customer key filing for another customer: the same 404 as naming it anywhere else.
      scopeToCustomer(principalOf(req), req.body.customerId);
      const now = opts.now();
      // The consumer holds the customer's lock while it decides on their orders, so a request
      // and a detection about the same thing never both see "no case yet" and open two.
      const c = await withTransaction(opts.pool, async (client) => {
        await lockKeys(client, [lockKey.customer(req.body.customerId)]);
        return opts.storeOf(client).run((store) => handleRequest(store, req.body, { policy, now }));
      });
      // Another customer's shipment, order or request id: the same answer as none at all.
      if (!c) throw errors.requestSubjectNotFound();
      return summarizeCase(c, policy, now);
    },
  );
};
