import {
  array,
  bool,
  doc,
  enumOf,
  id,
  instant,
  int,
  money,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { customerTier } from './shared.js';

// Emitted by the exception detector, keyed by caseId.

/** The exception catalog of PRODUCT.md: what the detector opens on its own. */
export const EXCEPTION_TYPES = [
  'late_shipment_risk',
  'short_pick_backorder',
  'inventory_mismatch',
  'carrier_delay',
  'stalled_shipment',
  'carrier_exception',
  'delivered_late_or_short',
  'invoice_discrepancy',
  'returns_overdue',
  'chronic_breach',
  'source_feed_stalled',
] as const;

/** The twelve requests a service centre handles (PRODUCT.md, Cases): case types too. */
export const REQUEST_TYPES = [
  'track_parcel',
  'lost_tracking_number',
  'parcel_not_received',
  'reschedule_delivery',
  'delivery_date_time',
  'damaged_parcel',
  'second_delivery_attempt',
  'locate_pickup_point',
  'international_shipment',
  'held_in_customs',
  'collect_order',
  'file_claim',
] as const;

/** Proactive exception types first, then the customer-initiated request types (Avro symbol order). */
export const caseType = () => enumOf('CaseType', [...EXCEPTION_TYPES, ...REQUEST_TYPES]);

const escalationLevel = () => enumOf('EscalationLevel', ['l1', 'l2', 'l3', 'executive']);
const priority = () => enumOf('CasePriority', ['low', 'normal', 'high', 'critical']);
const slaClock = () => enumOf('SlaClock', ['first_response', 'resolution', 'escalation_response']);

const evidence = () =>
  record('Evidence', { eventId: id(), type: id(), occurredAt: instant(), summary: str() });

const assignee = () =>
  record('Assignee', { userId: doc(optional(id()), 'Named CSR, when routed to one'), queue: id() });

/** What the case is about: one open case per (subject, case type). */
const subject = () =>
  record('CaseSubject', {
    kind: enumOf('SubjectKind', ['order', 'shipment', 'customer', 'source_system']),
    id: id(),
  });

/** The header every case event repeats. */
function caseHeader() {
  return {
    caseId: id(),
    caseType: caseType(),
    subject: subject(),
    priority: priority(),
    customerId: optional(id()),
    customerTier: optional(customerTier()),
    orderId: optional(id()),
    shipmentId: optional(id()),
    assignee: assignee(),
  };
}

/** The full case as it stands after the event. */
function caseSnapshot() {
  return {
    ...caseHeader(),
    origin: enumOf('CaseOrigin', ['proactive', 'customer']),
    status: enumOf('CaseStatus', [
      'open',
      'in_progress',
      'waiting_on_customer',
      'resolved',
      'closed',
    ]),
    escalationLevel: escalationLevel(),
    title: str({ min: 1 }),
    explanation: doc(str(), 'Why the case exists, in words a CSR can repeat'),
    sla: record('Sla', {
      firstResponseDueAt: instant(),
      resolutionDueAt: instant(),
      firstRespondedAt: optional(instant()),
    }),
    remedy: optional(
      record('Remedy', {
        kind: enumOf('RemedyKind', [
          'credit_shipping_cost',
          'percent_credit',
          'replacement',
          'expedited_replacement',
          'executive_review',
          'none',
        ]),
        creditPercent: optional(int({ min: 0, max: 100 })),
        amount: optional(money()),
        description: str(),
        dueBy: optional(instant()),
      }),
    ),
    orderValue: optional(money()),
    customerNotified: doc(
      bool(),
      'The customer heard from us about this case (drives the proactive ratio)',
    ),
    openedAt: instant(),
  };
}

export const caseOpened = defineEvent({
  type: 'case.opened',
  version: 2,
  schemaId: 1251,
  earlier: [{ version: 1, schemaId: 1201, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'An exception case was opened (proactively detected or customer-initiated)',
  payload: () => ({ ...caseSnapshot(), evidence: array(evidence()) }),
});

export const caseUpdated = defineEvent({
  type: 'case.updated',
  version: 2,
  schemaId: 1252,
  earlier: [{ version: 1, schemaId: 1202, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'New evidence, assignment, priority, status or remedy on an open case',
  payload: () => ({
    ...caseSnapshot(),
    change: enumOf(
      'CaseChange',
      [
        'evidence_added',
        'reassigned',
        'priority_changed',
        'status_changed',
        'remedy_changed',
        'customer_contacted',
        'customer_request_joined',
        'note_added',
        'other',
      ],
      { default: 'other' },
    ),
    newEvidence: array(evidence()),
    note: optional(str()),
  }),
});

export const caseResolved = defineEvent({
  type: 'case.resolved',
  version: 2,
  schemaId: 1253,
  earlier: [{ version: 1, schemaId: 1203, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'The case was resolved, automatically (the condition cleared) or by a CSR',
  payload: () => ({
    ...caseSnapshot(),
    resolution: enumOf('CaseResolution', [
      'auto_resolved',
      'resolved_by_csr',
      'customer_accepted',
      'closed_no_action',
    ]),
    resolutionReason: str(),
    resolvedAt: instant(),
    slaMet: bool(),
  }),
});

export const caseEscalated = defineEvent({
  type: 'case.escalated',
  version: 2,
  schemaId: 1254,
  earlier: [{ version: 1, schemaId: 1204, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'The case moved up the escalation ladder',
  payload: () => ({
    ...caseSnapshot(),
    fromLevel: escalationLevel(),
    toLevel: escalationLevel(),
    reason: str(),
    responseDueAt: instant(),
  }),
});

export const caseSlaWarning = defineEvent({
  type: 'case.sla-warning',
  version: 2,
  schemaId: 1255,
  earlier: [{ version: 1, schemaId: 1205, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'An SLA clock of the case is about to run out',
  payload: () => ({
    ...caseHeader(),
    clock: slaClock(),
    dueAt: instant(),
    remainingMinutes: int({ min: 0 }),
  }),
});

export const caseSlaBreached = defineEvent({
  type: 'case.sla-breached',
  version: 2,
  schemaId: 1256,
  earlier: [{ version: 1, schemaId: 1206, envelope: 1 }],
  topic: TOPIC.cases,
  summary: 'An SLA clock of the case ran out',
  payload: () => ({ ...caseHeader(), clock: slaClock(), dueAt: instant(), breachedAt: instant() }),
});
