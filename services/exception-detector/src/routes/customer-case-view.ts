import { z } from 'zod';
import type { Case } from '../domain/cases/case.js';

/**
 * What a customer key may see of a case: what it is about, where it stands, the promised
 * response and resolution times, the remedy offered, and the customer's own requests.
 *
 * Everything else in the case is for staff and stays out: the evidence and explanation (carrier,
 * WMS and ERP data and the detector's reasoning), the audit trail and comments (staff names and
 * internal notes), the assignee, claim, queue, priority, escalation level and customer tier (how
 * we route and rank customers), the remedy's reasoning, facts, amount and who set it (credit
 * limits are internal), linked cases, RCA flags, SLA breaches and CRM record ids. A new field of
 * the case is not shown to customers until it is added here.
 */
export const customerCaseSchema = z
  .object({
    caseId: z.string(),
    caseType: z.string(),
    subject: z.object({ kind: z.string(), id: z.string() }),
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
  .meta({ id: 'CustomerCase' });

export type CustomerCase = z.infer<typeof customerCaseSchema>;

export function customerCaseView(c: Case): CustomerCase {
  return {
    caseId: c.caseId,
    caseType: c.caseType,
    subject: { kind: c.subject.kind, id: c.subject.id },
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
