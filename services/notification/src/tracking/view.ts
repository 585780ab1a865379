import { isLateDelivery } from '@forewarn/domain';
import type { CaseOpened } from '@forewarn/contracts';
import { isCustomerVisibleCase } from '../domain/case-triggers.js';
import type { OwnerCase, OwnerFacts } from './owners.js';

/** A notice we sent about the order (the notification service's own fact). */
export interface SentNotice {
  template: string;
  channel: string;
  sentAt: string;
}

/** What the tracking page shows, each fact as its owner gave it. */
export interface TrackingView {
  lang: string;
  timeZone: string;
  order: { orderId: string; poNumber: string; status: string; deliverBy: string | null };
  /** The order's lines with the quantities the order service counts. */
  lines: { sku: string; description: string | null; orderedQty: number; shippedQty: number }[];
  shipments: {
    shipmentId: string;
    carrier: string;
    trackingNumbers: string[];
    status: string;
    eta: string | null;
    deliveredAt: string | null;
    /** Arrival (or its ETA) after the deliver-by instant; null when neither is known. */
    late: boolean | null;
  }[];
  timeline: { at: string; type: string }[];
  issues: {
    caseId: string;
    caseType: string;
    status: string;
    remedyKind: string;
    resolutionBy: string;
  }[];
  requests: {
    requestId: string;
    requestType: string;
    at: string;
    status: string;
    answerBy: string;
    resolutionBy: string;
  }[];
  notices: SentNotice[];
  /** Sections an owner could not give just now (the page says so instead of guessing). */
  unavailable: ('promise' | 'timeline' | 'shipments' | 'cases')[];
}

type CaseType = CaseOpened['payload']['caseType'];
const OPEN = new Set(['open', 'in_progress', 'waiting_on_customer']);
const newestFirst = <T extends { at: string }>(xs: T[]) =>
  [...xs].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

/** Each request once: the case that carries it now (open before closed, e.g. after a merge). */
function requestsOf(cases: readonly OwnerCase[]): TrackingView['requests'] {
  const byId = new Map<string, TrackingView['requests'][number]>();
  for (const c of [...cases].sort(
    (a, b) => Number(OPEN.has(b.status)) - Number(OPEN.has(a.status)),
  ))
    for (const r of c.requests)
      if (!byId.has(r.requestId))
        byId.set(r.requestId, {
          requestId: r.requestId,
          requestType: r.requestType,
          at: r.at,
          status: c.status,
          answerBy: c.firstResponseDueAt,
          resolutionBy: c.remedy?.dueBy ?? c.resolutionDueAt,
        });
  return newestFirst([...byId.values()]);
}

export function trackingView(
  facts: OwnerFacts,
  notices: readonly SentNotice[],
  lang: string,
): TrackingView {
  const deliverBy = facts.promise?.deliverBy ?? null;
  const cases = (facts.cases ?? []).filter((c) => isCustomerVisibleCase(c.caseType as CaseType));
  const unavailable = (['promise', 'timeline', 'shipments', 'cases'] as const).filter(
    (k) => facts[k] === null,
  );
  return {
    lang,
    timeZone: facts.order.timezone ?? 'UTC',
    order: {
      orderId: facts.order.orderId,
      poNumber: facts.order.poNumber,
      status: facts.order.status,
      deliverBy,
    },
    lines: facts.order.lines.map((l) => ({
      sku: l.sku,
      description: l.description,
      orderedQty: l.orderedQty,
      shippedQty: l.shippedQty,
    })),
    shipments: (facts.shipments ?? []).map((s) => {
      const arrival = s.deliveredAt ?? s.eta;
      return {
        shipmentId: s.shipmentId,
        carrier: s.carrier,
        trackingNumbers: s.trackingNumbers,
        status: s.status,
        eta: s.eta,
        deliveredAt: s.deliveredAt,
        late: arrival && deliverBy ? isLateDelivery(arrival, deliverBy) : null,
      };
    }),
    timeline: newestFirst(facts.timeline ?? []).map((e) => ({ at: e.at, type: e.type })),
    issues: cases
      .filter((c) => c.origin === 'proactive' && OPEN.has(c.status))
      .map((c) => ({
        caseId: c.caseId,
        caseType: c.caseType,
        status: c.status,
        remedyKind: c.remedy?.kind ?? 'none',
        resolutionBy: c.remedy?.dueBy ?? c.resolutionDueAt,
      })),
    requests: requestsOf(cases),
    notices: [...notices].sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt)),
    unavailable,
  };
}
