import { idFilter } from '@forewarn/http';
import { cursorCodec, cursorParts } from '@forewarn/platform';
import { z } from 'zod';
import { REQUEST_TYPES } from '../domain/cases/customer-request.js';
import { REQUEST_QUEUES } from '../domain/cases/request-types.js';
import { catalogEntries } from '../domain/rules/catalog.js';
import type { Case } from '../domain/cases/case.js';
import { remedyApprovalOf } from '../domain/cases/commands.js';
import { GRANTING_ROLES, type GrantingRole } from '../domain/remedy/remedy-approval.js';
import { slaStanding, nextDue } from '../domain/sla/sla.js';
import type { DetectorPolicy } from '../domain/policy.js';

const money = z.object({ amountMinor: z.number().int(), currency: z.string() });

export const remedySchema = z.object({
  kind: z.enum([
    'credit_shipping_cost',
    'percent_credit',
    'replacement',
    'expedited_replacement',
    'executive_review',
    'none',
  ]),
  creditPercent: z.number().int().min(0).max(100).optional(),
  amount: money.optional(),
  description: z.string().min(1),
  dueBy: z.string().optional(),
});

/** The queues cases are routed to: the rules' and the customer requests' (a case moves between them). */
export const CASE_QUEUES = [
  ...new Set([...catalogEntries.map((e) => e.queue), ...REQUEST_QUEUES]),
].sort() as [string, ...string[]];

export const caseSummarySchema = z.object({
  caseId: z.string(),
  caseType: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  status: z.string(),
  origin: z.string(),
  priority: z.string(),
  escalationLevel: z.string(),
  customerId: z.string().nullable(),
  customerTier: z.string().nullable(),
  assignee: z.object({ userId: z.string().nullable(), queue: z.string() }),
  title: z.string(),
  openedAt: z.string(),
  /** When the exception became detectable: its first evidence (a deadline, for absence rules). */
  detectedAt: z.string(),
  slaState: z.enum(['paused', 'breached', 'at_risk', 'on_track', 'closed']),
  nextDueAt: z.string().nullable(),
  /** Customer requests the case carries (joined, taken over, or the one that opened it). */
  requests: z.number().int().nonnegative(),
  remedyAwaits: z
    .enum(GRANTING_ROLES as [GrantingRole, ...GrantingRole[]])
    .nullable()
    .describe(
      "An open case whose remedy awaits approval: the least senior role that may give it (as the queue's remedy=pending lists them); null otherwise",
    ),
});

export function summarizeCase(
  c: Case,
  policy: DetectorPolicy,
  now: Date,
): z.infer<typeof caseSummarySchema> {
  const open = ['open', 'in_progress', 'waiting_on_customer'].includes(c.status);
  return {
    caseId: c.caseId,
    caseType: c.caseType,
    subject: c.subject,
    status: c.status,
    origin: c.origin,
    priority: c.priority,
    escalationLevel: c.escalationLevel,
    customerId: c.party.customerId ?? null,
    customerTier: c.party.tier ?? null,
    assignee: { userId: c.assignee.userId ?? null, queue: c.assignee.queue },
    title: c.title,
    openedAt: c.openedAt,
    detectedAt: c.evidence[0]?.occurredAt ?? c.openedAt,
    slaState: open ? slaStanding(policy, c.sla, now) : 'closed',
    nextDueAt: open ? (nextDue(c.sla) ?? null) : null,
    requests: c.requests.length,
    remedyAwaits: open ? pendingApprover(policy, c) : null,
  };
}

const pendingApprover = (policy: DetectorPolicy, c: Case): GrantingRole | null => {
  const a = remedyApprovalOf(policy, c);
  return a?.status === 'pending' ? a.needs : null;
};

export const queueQuerySchema = z.object({
  customerId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Staff: one customer's cases. Customer keys get their own; naming another is 404"),
  owner: z.string().optional(),
  queue: z.string().optional(),
  tier: z.enum(['enterprise', 'regional_reseller', 'retail']).optional(),
  site: idFilter(
    "Staff: only cases whose order is fulfilled from this site (the dashboard's site filter)",
  ),
  carrier: idFilter(
    "Staff: only cases whose shipment, or one of its order's, goes by this carrier",
  ),
  type: z.string().optional(),
  slaState: z.enum(['breached', 'at_risk', 'on_track', 'paused']).optional(),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  contacted: z
    .enum(['yes', 'no'])
    .optional()
    .describe('Staff: only cases the customer contacted us about (yes) or never did (no)'),
  remedy: z
    .enum(['pending', 'awaiting_me'])
    .optional()
    .describe(
      "Staff: only cases whose remedy awaits approval (pending), or an approval the caller's role may give (awaiting_me)",
    ),
  openedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Staff: only cases opened at or after this instant (a dashboard window's start)"),
  openedUntil: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Staff: only cases opened at or before this instant (a dashboard window's end)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export const caseIdParams = z.object({ caseId: z.uuid() });

export const requestSchema = z.object({
  requestId: z.string().min(1).max(200),
  requestType: z.enum(REQUEST_TYPES),
  customerId: z.string().min(1),
  orderId: z.string().optional(),
  shipmentId: z.string().optional(),
  trackingNumber: z.string().optional(),
  poNumber: z.string().optional(),
  message: z.string().max(4000).optional(),
});

/** The case queue's position: the last row's (next due, id); a case with nothing due has null. */
export const caseCursor = cursorCodec(cursorParts.nullable(cursorParts.instant), cursorParts.text);
