import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { DetectorPolicy } from '../policy.js';
import { suggestRemedy } from '../remedy/suggest-remedy.js';
import type { Clearance, Detection } from '../rules/signals.js';
import { allClockCancels, runningClockTimers, startSla } from '../sla/sla.js';
import { escalate } from '../sla/escalation.js';
import type { Priority } from '../types.js';
import { chain, isOpen, noChange, type Case, type Decision } from './case.js';

const RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, critical: 3 };

export interface DetectionContext {
  policy: DetectorPolicy;
  now: Date;
  /** Earlier cases of the same customer and type within the repeat window (newest first). */
  priorIncidents?: readonly { caseId: string; openedAt: string }[];
}

/** The id of the case a detection opens: the same evidence always opens the same case. */
export const caseIdFor = (d: Pick<Detection, 'caseType' | 'subject' | 'evidence'>): string =>
  nameUuid(
    ID_SCHEMES.detector,
    'case',
    d.caseType,
    d.subject.kind,
    d.subject.id,
    d.evidence.eventId,
  );

/** Remedy, and the executive escalation a remedy or a chronic breach calls for. */
function executiveIfNeeded(policy: DetectorPolicy, c: Case, now: Date): Decision {
  if (c.remedy?.kind !== 'executive_review') return noChange(c);
  const reason =
    c.caseType === 'chronic_breach'
      ? 'chronic breach: executive review'
      : 'claim over the executive review line';
  return escalate(policy, c, 'executive', reason, now);
}

export function openCase(d: Detection, ctx: DetectionContext): Decision {
  const { policy, now } = ctx;
  const at = now.toISOString();
  const prior = ctx.priorIncidents ?? [];
  const repeat =
    d.party.customerId !== undefined &&
    prior.length + 1 >= policy.repeatIncidentCount &&
    d.caseType !== 'chronic_breach';
  const { remedy, reasoning } = suggestRemedy(d.facts, policy.remedy, now);
  const c: Case = {
    caseId: caseIdFor(d),
    caseType: d.caseType,
    subject: d.subject,
    origin: 'proactive',
    status: 'open',
    priority: d.priority,
    party: d.party,
    // The customer's named CSR first (customers keep the same person), else the owner queue.
    assignee: { ...(d.party.accountRepId ? { userId: d.party.accountRepId } : {}), queue: d.queue },
    escalationLevel: 'l1',
    title: d.title,
    explanation: d.explanation,
    openedAt: at,
    updatedAt: at,
    evidence: [d.evidence],
    sla: startSla(policy, d.party, d.priority, now),
    remedy,
    remedyReasoning: reasoning,
    remedyFacts: d.facts,
    customerNotified: false,
    requests: [],
    rcaRequired: repeat || d.caseType === 'chronic_breach',
    linkedCaseIds: repeat ? prior.map((p) => p.caseId) : [],
    version: 1,
  };
  const opened: Decision = {
    case: c,
    emits: [{ type: 'case.opened' }],
    timers: runningClockTimers(policy, c),
    audit: [
      {
        at,
        actor: 'detector',
        action: 'opened',
        detail: {
          why: d.explanation,
          evidence: d.evidence.eventId,
          routedTo: c.assignee,
          ...(repeat ? { repeatOf: c.linkedCaseIds, rcaRequired: true } : {}),
        },
      },
    ],
  };
  return chain(opened, (x) => executiveIfNeeded(policy, x, now));
}

/** New evidence on the open case: never a second case. */
export function addEvidence(c: Case, d: Detection, ctx: DetectionContext): Decision {
  if (!isOpen(c) || c.evidence.some((e) => e.eventId === d.evidence.eventId)) return noChange(c);
  const { policy, now } = ctx;
  const priority = RANK[d.priority] > RANK[c.priority] ? d.priority : c.priority;
  const suggestion = c.remedySetBy ? undefined : suggestRemedy(d.facts, policy.remedy, now);
  const next: Case = {
    ...c,
    priority,
    explanation: d.explanation,
    party: { ...c.party, ...d.party },
    evidence: [...c.evidence, d.evidence],
    ...(suggestion
      ? { remedy: suggestion.remedy, remedyReasoning: suggestion.reasoning, remedyFacts: d.facts }
      : {}),
    updatedAt: now.toISOString(),
    version: c.version + 1,
  };
  const updated: Decision = {
    case: next,
    emits: [
      {
        type: 'case.updated',
        change: priority !== c.priority ? 'priority_changed' : 'evidence_added',
        newEvidence: [d.evidence],
      },
    ],
    timers: [],
    audit: [
      {
        at: now.toISOString(),
        actor: 'detector',
        action: 'evidence_added',
        detail: { evidence: d.evidence },
      },
    ],
  };
  return chain(updated, (x) => executiveIfNeeded(policy, x, now));
}

/** Whether the resolution kept to the resolution clock. */
export const slaMet = (c: Case, at: Date): boolean =>
  !c.sla.breaches.includes('resolution') && at.getTime() <= Date.parse(c.sla.resolutionDueAt);

/** The rule's condition cleared: the case resolves itself. */
export function autoResolve(c: Case, cl: Clearance, now: Date): Decision {
  if (!isOpen(c)) return noChange(c);
  const at = now.toISOString();
  return {
    case: {
      ...c,
      status: 'resolved',
      evidence: c.evidence.some((e) => e.eventId === cl.evidence.eventId)
        ? c.evidence
        : [...c.evidence, cl.evidence],
      resolution: {
        kind: 'auto_resolved',
        reason: cl.reason,
        at,
        by: 'detector',
        slaMet: slaMet(c, now),
      },
      updatedAt: at,
      version: c.version + 1,
    },
    emits: [{ type: 'case.resolved' }],
    timers: allClockCancels(c.caseId),
    audit: [
      {
        at,
        actor: 'detector',
        action: 'auto_resolved',
        detail: { reason: cl.reason, evidence: cl.evidence.eventId },
      },
    ],
  };
}

/** Chronic breach: the customer keeps getting hurt the same way, or our SLA keeps slipping. */
export function chronicDetection(
  c: Case,
  why: { kind: 'repeat'; count: number } | { kind: 'breaches'; count: number },
  policy: DetectorPolicy,
  now: Date,
): Detection | undefined {
  const customerId = c.party.customerId;
  if (!customerId || c.caseType === 'chronic_breach') return undefined;
  const what =
    why.kind === 'repeat'
      ? `${why.count} ${c.caseType.replaceAll('_', ' ')} incidents in ${policy.repeatWindowDays} days`
      : `${why.count} SLA breaches in ${policy.repeatWindowDays} days`;
  return {
    kind: 'detect',
    caseType: 'chronic_breach',
    subject: { kind: 'customer', id: customerId },
    priority: 'high',
    queue: 'account_management',
    title: `Chronic breach for ${c.party.customerName ?? customerId}`,
    explanation: `${c.party.customerName ?? customerId} has had ${what}; a root-cause analysis is required.`,
    evidence: {
      eventId: `${why.kind}:${c.caseId}:${c.version}`,
      type: why.kind === 'repeat' ? 'case.repeat-incident' : 'case.sla-breached',
      occurredAt: now.toISOString(),
      summary: `${what} (latest: case ${c.caseId})`,
    },
    party: { ...c.party, orderId: undefined, shipmentId: undefined, trackingNumber: undefined },
    facts: { issue: 'chronic' },
  };
}

/**
 * The chronic rule on an SLA breach: `otherBreached` is how many other cases of the customer
 * breached within the repeat window (a fact loaded before deciding). Cases, not clocks: one
 * unattended case breaching first response, then resolution, is one failure to the customer.
 */
export function chronicOnBreach(
  d: Decision,
  otherBreached: number,
  policy: DetectorPolicy,
  now: Date,
): Detection[] {
  if (policy.chronicBreachCount <= 0 || !d.emits.some((e) => e.type === 'case.sla-breached'))
    return [];
  const count = otherBreached + 1;
  if (count < policy.chronicBreachCount) return [];
  const chronic = chronicDetection(d.case, { kind: 'breaches', count }, policy, now);
  return chronic ? [chronic] : [];
}
