import { REQUEST_TYPES } from '@forewarn/contracts';
import { deterministicUuid } from '../ids.js';
import type { TenantPolicy } from '../policy.js';
import { suggestRemedy } from '../remedy/suggest-remedy.js';
import { runningClockTimers, startSla } from '../sla/sla.js';
import type { CaseParty, CaseType, Evidence, Subject } from '../types.js';
import { isOpen, type Case, type Decision } from './case.js';

/** Re-exported so the routes and rules name the contract's list, the one source of truth. */
export { REQUEST_TYPES };
export type RequestType = (typeof REQUEST_TYPES)[number];

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
  delivery_date_time: WHERE_IS_IT,
  damaged_parcel: PRODUCT,
  second_delivery_attempt: ['carrier_exception'],
  locate_pickup_point: ['carrier_exception'],
  international_shipment: ['carrier_exception', 'carrier_delay', 'stalled_shipment'],
  held_in_customs: ['carrier_exception'],
  collect_order: ['carrier_exception'],
  file_claim: [...PRODUCT, 'invoice_discrepancy'],
};

export interface CustomerRequest {
  requestId: string;
  tenantId: string;
  requestType: RequestType;
  message?: string;
  receivedAt: string;
  /** What the request is about once resolved against the projections (a PO finds its order). */
  subject: Subject;
  party: CaseParty;
}

const QUEUE: Partial<Record<RequestType, string>> = {
  damaged_parcel: 'claims',
  file_claim: 'claims',
  held_in_customs: 'transportation',
  international_shipment: 'transportation',
};

const requestEvidence = (r: CustomerRequest): Evidence => ({
  eventId: r.requestId,
  type: `customer.${r.requestType}`,
  occurredAt: r.receivedAt,
  summary: `Customer asked: ${r.requestType.replaceAll('_', ' ')}${r.message ? ` - "${r.message}"` : ''}`,
});

/** The request came before any notice we know of (a notice with no known time counts as before). */
const askedBeforeTold = (c: Case, at: string): boolean =>
  !c.customerNotified ||
  (c.customerNotifiedAt !== undefined && Date.parse(at) < Date.parse(c.customerNotifiedAt));

/**
 * A customer's request joins the open proactive case about the same order or shipment (and
 * counts against the proactive ratio only if we had not told them yet); else it opens its own.
 */
export function decideRequest(
  policy: TenantPolicy,
  r: CustomerRequest,
  openCases: readonly Case[],
  now: Date,
): Decision {
  const related = RELATED[r.requestType];
  const target = openCases.find(
    (c) => isOpen(c) && c.origin === 'proactive' && related.includes(c.caseType),
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
    caseId: deterministicUuid('request', r.tenantId, r.requestId),
    tenantId: r.tenantId,
    caseType: r.requestType,
    subject: r.subject,
    origin: 'customer',
    status: 'open',
    priority: r.party.tier === 'enterprise' ? 'high' : 'normal',
    party: r.party,
    assignee: {
      ...(r.party.accountRepId ? { userId: r.party.accountRepId } : {}),
      queue: QUEUE[r.requestType] ?? 'customer_care',
    },
    escalationLevel: 'l1',
    title: `Customer request: ${r.requestType.replaceAll('_', ' ')} (${r.subject.id})`,
    explanation: `The customer asked about ${r.subject.kind} ${r.subject.id}; nothing was detected about it beforehand.`,
    openedAt: at,
    updatedAt: at,
    evidence: [evidence],
    sla: startSla(policy, r.party, r.party.tier === 'enterprise' ? 'high' : 'normal', now),
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
