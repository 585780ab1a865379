import { REQUEST_TYPES } from '@forewarn/contracts';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { DetectorPolicy } from '../policy.js';
import { suggestRemedy } from '../remedy/suggest-remedy.js';
import { allClockCancels, runningClockTimers, startSla } from '../sla/sla.js';
import type { CaseParty, CaseType, Evidence, Subject } from '../types.js';
import { isOpen, noChange, type Case, type Decision } from './case.js';
import { slaMet } from './decide-detection.js';
import { REQUEST_ROUTES, requestSla, type RequestType } from './request-types.js';

/** Re-exported so the routes and rules name the contract's list, the one source of truth. */
export { REQUEST_TYPES };
export type { RequestType };

const WHERE_IS_IT: CaseType[] = [
  'carrier_delay',
  'stalled_shipment',
  'carrier_exception',
  'late_shipment_risk',
  'delivered_late_or_short',
];
const PRODUCT: CaseType[] = [
  'carrier_exception',
  'delivered_late_or_short',
  'short_pick_backorder',
];

/** Which proactive cases a request is "about the same thing" as, and so joins. */
export const RELATED: Record<RequestType, readonly CaseType[]> = {
  track_parcel: WHERE_IS_IT,
  lost_tracking_number: WHERE_IS_IT,
  parcel_not_received: WHERE_IS_IT,
  reschedule_delivery: ['carrier_exception', 'carrier_delay'],
  // A backorder is why the order will arrive late, so "when will it arrive" is about it too.
  delivery_date_time: [...WHERE_IS_IT, 'short_pick_backorder'],
  damaged_parcel: PRODUCT,
  second_delivery_attempt: ['carrier_exception'],
  locate_pickup_point: ['carrier_exception'],
  international_shipment: ['carrier_exception', 'carrier_delay', 'stalled_shipment'],
  held_in_customs: ['carrier_exception'],
  collect_order: ['carrier_exception'],
  file_claim: [...PRODUCT, 'invoice_discrepancy', 'returns_overdue'],
};

export interface CustomerRequest {
  requestId: string;
  requestType: RequestType;
  message?: string;
  receivedAt: string;
  /** What the request is about once resolved against the projections (a PO finds its order). */
  subject: Subject;
  party: CaseParty;
}

const requestEvidence = (r: CustomerRequest): Evidence => ({
  eventId: r.requestId,
  type: `customer.${r.requestType}`,
  occurredAt: r.receivedAt,
  summary: `Customer asked: ${r.requestType.replaceAll('_', ' ')}${r.message ? ` - "${r.message}"` : ''}`,
});

/**
 * A request reaches only its own customer's data: when the shipment, order or earlier request it
 * names belongs to another customer, it must reach nothing (and the answer must not say why).
 * An owner we do not know yet (undefined) is no one else's.
 */
export function namesOnlyItsCustomer(
  customerId: string,
  owners: readonly (string | undefined)[],
): boolean {
  return owners.every((o) => o === undefined || o === customerId);
}

/** The open cases a request may join: never another customer's, whatever subject they share. */
export const casesOfCustomer = (customerId: string, cases: readonly Case[]): Case[] =>
  cases.filter((c) => c.party.customerId === customerId);

/** The request came before any notice we know of (a notice with no known time counts as before). */
const askedBeforeTold = (c: Case, at: string): boolean =>
  !c.customerNotified ||
  (c.customerNotifiedAt !== undefined && Date.parse(at) < Date.parse(c.customerNotifiedAt));

/**
 * A customer's request joins the open proactive case about the same order or shipment (and
 * counts against the proactive ratio only if we had not told them yet); else it opens its own.
 */
export function decideRequest(
  policy: DetectorPolicy,
  r: CustomerRequest,
  openCases: readonly Case[],
  now: Date,
): Decision {
  const related = RELATED[r.requestType];
  // The proactive case about the same thing, else the customer's own open request of this type
  // about the same subject: asking twice is one case to work (and one open case per subject).
  const target =
    openCases.find((c) => isOpen(c) && c.origin === 'proactive' && related.includes(c.caseType)) ??
    openCases.find(
      (c) =>
        isOpen(c) &&
        c.origin === 'customer' &&
        c.caseType === r.requestType &&
        c.subject.kind === r.subject.kind &&
        c.subject.id === r.subject.id,
    );
  const at = now.toISOString();
  const evidence = requestEvidence(r);
  if (target) {
    if (target.requests.some((q) => q.requestId === r.requestId))
      return { case: target, emits: [], timers: [], audit: [] };
    const ref = {
      requestId: r.requestId,
      requestType: r.requestType,
      at: r.receivedAt,
      beforeWeNotified: askedBeforeTold(target, r.receivedAt),
      ...(r.message ? { message: r.message } : {}),
    };
    return {
      case: {
        ...target,
        requests: [...target.requests, ref],
        evidence: [...target.evidence, evidence],
        updatedAt: at,
        version: target.version + 1,
      },
      emits: [{ type: 'case.updated', change: 'customer_request_joined', newEvidence: [evidence] }],
      timers: [],
      audit: [
        {
          at,
          actor: `customer:${r.party.customerId ?? '?'}`,
          action: 'customer_request_joined',
          detail: {
            requestId: r.requestId,
            requestType: r.requestType,
            beforeWeNotified: ref.beforeWeNotified,
          },
        },
      ],
    };
  }
  const facts =
    r.requestType === 'damaged_parcel' || r.requestType === 'file_claim'
      ? {
          issue: 'product' as const,
          ...(r.party.orderValue
            ? { claimValue: r.party.orderValue, orderValue: r.party.orderValue }
            : {}),
        }
      : { issue: 'none' as const };
  const { remedy, reasoning } = suggestRemedy(facts, policy.remedy, now);
  const c: Case = {
    caseId: nameUuid(ID_SCHEMES.detector, 'request', r.requestId),
    caseType: r.requestType,
    subject: r.subject,
    origin: 'customer',
    status: 'open',
    priority: r.party.tier === 'enterprise' ? 'high' : 'normal',
    party: r.party,
    assignee: {
      ...(r.party.accountRepId ? { userId: r.party.accountRepId } : {}),
      queue: REQUEST_ROUTES[r.requestType].queue,
    },
    escalationLevel: 'l1',
    title: `Customer request: ${r.requestType.replaceAll('_', ' ')} (${r.subject.id})`,
    explanation: `The customer asked about ${r.subject.kind} ${r.subject.id}; nothing was detected about it beforehand.`,
    openedAt: at,
    updatedAt: at,
    evidence: [evidence],
    sla: startSla(
      policy,
      r.party,
      r.party.tier === 'enterprise' ? 'high' : 'normal',
      now,
      requestSla(r.requestType, r.party.tier),
    ),
    remedy,
    remedyReasoning: reasoning,
    remedyFacts: facts,
    customerNotified: true,
    requests: [
      {
        requestId: r.requestId,
        requestType: r.requestType,
        at: r.receivedAt,
        beforeWeNotified: true,
        ...(r.message ? { message: r.message } : {}),
      },
    ],
    rcaRequired: false,
    linkedCaseIds: [],
    version: 1,
  };
  return {
    case: c,
    emits: [{ type: 'case.opened' }],
    timers: runningClockTimers(policy, c),
    audit: [
      {
        at,
        actor: `customer:${r.party.customerId ?? '?'}`,
        action: 'opened',
        detail: { requestId: r.requestId, requestType: r.requestType, routedTo: c.assignee },
      },
    ],
  };
}

/** The open customer-request cases a new proactive case is about, and so takes over. */
export function requestsAbout(proactive: Case, candidates: readonly Case[]): Case[] {
  return candidates.filter(
    (c) =>
      isOpen(c) &&
      c.origin === 'customer' &&
      c.caseId !== proactive.caseId &&
      !proactive.linkedCaseIds.includes(c.caseId) &&
      (RELATED[c.caseType as RequestType] ?? []).includes(proactive.caseType),
  );
}

/**
 * A proactive case opened after the customer had already asked about the same thing: it takes
 * over their open requests (one case to work, with the customer's words in its timeline, counted
 * as asked before we told them) and each request case closes, merged, pointing at it. The mirror
 * of decideRequest, where the request comes second and joins.
 */
export function absorbRequests(
  proactive: Case,
  requestCases: readonly Case[],
  now: Date,
): { proactive: Decision; merged: Decision[] } {
  const taken = requestsAbout(proactive, requestCases);
  if (taken.length === 0) return { proactive: noChange(proactive), merged: [] };
  const at = now.toISOString();
  const refs = taken.flatMap((c) =>
    c.requests
      .filter((q) => !proactive.requests.some((p) => p.requestId === q.requestId))
      .map((q) => ({ ...q, beforeWeNotified: askedBeforeTold(proactive, q.at) })),
  );
  const seen = new Set(proactive.evidence.map((e) => e.eventId));
  const evidence = taken
    .flatMap((c) => c.evidence.filter((e) => e.type.startsWith('customer.')))
    .filter((e) => !seen.has(e.eventId));
  const next: Decision = {
    case: {
      ...proactive,
      requests: [...proactive.requests, ...refs],
      evidence: [...proactive.evidence, ...evidence],
      linkedCaseIds: [...proactive.linkedCaseIds, ...taken.map((c) => c.caseId)],
      updatedAt: at,
      version: proactive.version + 1,
    },
    emits: [{ type: 'case.updated', change: 'customer_request_joined', newEvidence: evidence }],
    timers: [],
    audit: taken.map((c) => ({
      at,
      actor: 'detector',
      action: 'customer_request_joined',
      detail: {
        mergedFrom: c.caseId,
        requestIds: c.requests.map((q) => q.requestId),
        requestType: c.caseType,
        beforeWeNotified: c.requests.every((q) => askedBeforeTold(proactive, q.at)),
      },
    })),
  };
  const reason = `merged into case ${proactive.caseId} (${proactive.caseType.replaceAll('_', ' ')}), which carries this request`;
  const merged = taken.map((c): Decision => ({
    case: {
      ...c,
      status: 'resolved',
      linkedCaseIds: [...c.linkedCaseIds, proactive.caseId],
      resolution: { kind: 'auto_resolved', reason, at, by: 'detector', slaMet: slaMet(c, now) },
      updatedAt: at,
      version: c.version + 1,
    },
    emits: [{ type: 'case.resolved' }],
    timers: allClockCancels(c.caseId),
    audit: [
      { at, actor: 'detector', action: 'merged', detail: { into: proactive.caseId, reason } },
    ],
  }));
  return { proactive: next, merged };
}
