import {
  REQUEST_TYPES,
  type CaseEscalated,
  type CaseOpened,
  type CaseResolved,
  type CaseUpdated,
} from '@forewarn/contracts';
import type { TemplateKey } from './channels.js';
import type { Trigger } from './triggers.js';

type CaseEvent = CaseOpened | CaseUpdated | CaseResolved | CaseEscalated;
type CaseType = CaseOpened['payload']['caseType'];

/**
 * Exceptions the customer hears about through the case (what happened, what we do, by when).
 * Short picks and carrier delays are left out: the order and shipment events already told the
 * customer (order.backorder, shipment.delayed), and a second notice would be spam.
 * Internal cases (inventory, chronic breach, feed stalled) are never sent.
 */
export const NOTIFIED_EXCEPTIONS: ReadonlySet<CaseType> = new Set<CaseType>([
  'late_shipment_risk',
  'stalled_shipment',
  'carrier_exception',
  'delivered_late_or_short',
  'invoice_discrepancy',
  'returns_overdue',
]);

/** Case types the customer can see at all (updates are sent for these). */
const INTERNAL: ReadonlySet<CaseType> = new Set<CaseType>([
  'inventory_mismatch',
  'chronic_breach',
  'source_feed_stalled',
]);

/** A case the customer may see (in notices and on the tracking page). */
export const isCustomerVisibleCase = (t: CaseType): boolean => !INTERNAL.has(t);

/**
 * The customer request an event answers: the one that opened a request case, or the one that
 * joined an open case (its evidence is `customer.<request type>`, its id the request's).
 */
function requestOf(e: CaseEvent): { requestId: string; requestType: string } | null {
  const p = e.payload;
  const evidence =
    e.type === 'case.opened' && p.origin === 'customer'
      ? e.payload.evidence
      : e.type === 'case.updated' && e.payload.change === 'customer_request_joined'
        ? e.payload.newEvidence
        : [];
  const asked = evidence.findLast((ev) =>
    (REQUEST_TYPES as readonly string[]).includes(ev.type.replace(/^customer\./, '')),
  );
  return asked
    ? { requestId: asked.eventId, requestType: asked.type.slice('customer.'.length) }
    : null;
}

const CUSTOMER_VISIBLE_CHANGES = new Set(['status_changed', 'remedy_changed']);

function templateFor(e: CaseEvent): TemplateKey | null {
  const p = e.payload;
  if (INTERNAL.has(p.caseType)) return null;
  switch (e.type) {
    case 'case.opened':
      // A customer's own request is answered at once, worded for its type.
      if (p.origin === 'customer') return requestOf(e) ? 'request.received' : null;
      return NOTIFIED_EXCEPTIONS.has(p.caseType) ? 'exception.notice' : null;
    case 'case.updated':
      if (e.payload.change === 'customer_request_joined')
        return requestOf(e) ? 'request.received' : null;
      return CUSTOMER_VISIBLE_CHANGES.has(e.payload.change) ? 'case.update' : null;
    case 'case.resolved':
      // A delay ends with the ETA back within the promise or the delivery: the shipment's own
      // back-on-track and delivered notices say so; a case update on top would say it twice.
      return p.caseType === 'carrier_delay' ? null : 'case.update';
    case 'case.escalated':
      return 'case.update';
  }
}

export function caseTrigger(e: CaseEvent): Trigger | null {
  const p = e.payload;
  const template = templateFor(e);
  if (!template || !p.customerId || !p.customerTier) return null;
  const tracking = e.refs.trackingNumbers?.[0];
  const request = template === 'request.received' ? requestOf(e) : null;
  return {
    eventId: e.eventId,
    eventType: e.type,
    occurredAt: e.occurredAt,
    template,
    customerId: p.customerId,
    customerTier: p.customerTier,
    critical: p.priority === 'critical',
    caseId: p.caseId,
    ...(p.orderId != null ? { orderId: p.orderId } : {}),
    ...(e.refs.poNumber != null ? { poNumber: e.refs.poNumber } : {}),
    ...(p.shipmentId != null ? { shipmentId: p.shipmentId } : {}),
    ...(tracking ? { trackingReference: tracking } : {}),
    ...(request ? { onceFor: `request:${request.requestId}` } : {}),
    data: {
      // A request's answer is worded for what the customer asked, whatever case carries it.
      caseType: request?.requestType ?? p.caseType,
      title: p.title,
      whatHappened: p.explanation,
      whatWeAreDoing: p.remedy?.description ?? null,
      // Codes beside the words: a notice in another language words them from its catalog.
      remedyKind: p.remedy?.kind ?? 'none',
      estimatedResolution: p.remedy?.dueBy ?? p.sla.resolutionDueAt,
      firstResponseDueAt: p.sla.firstResponseDueAt,
      status: p.status,
      resolution: e.type === 'case.resolved' ? e.payload.resolutionReason : null,
      escalatedTo: e.type === 'case.escalated' ? e.payload.toLevel : null,
    },
  };
}
