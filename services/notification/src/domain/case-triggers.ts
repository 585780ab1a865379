import type { CaseEscalated, CaseOpened, CaseResolved, CaseUpdated } from '@forewarn/contracts';
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

const CUSTOMER_VISIBLE_CHANGES = new Set(['status_changed', 'remedy_changed']);

function templateFor(e: CaseEvent): TemplateKey | null {
  const p = e.payload;
  if (INTERNAL.has(p.caseType)) return null;
  switch (e.type) {
    case 'case.opened':
      // A customer's own request is answered at once, worded for its type.
      if (p.origin === 'customer') return 'request.received';
      return NOTIFIED_EXCEPTIONS.has(p.caseType) ? 'exception.notice' : null;
    case 'case.updated':
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
    data: {
      caseType: p.caseType,
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
