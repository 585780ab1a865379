import type { RemedyFacts } from '../remedy/remedy-policy.js';
import type { CaseParty, CaseType, Evidence, Priority, SlaClock, Subject } from '../types.js';

/** A rule saw the exception: open a case, or add the evidence to the open one. */
export interface Detection {
  kind: 'detect';
  caseType: CaseType;
  subject: Subject;
  priority: Priority;
  queue: string;
  title: string;
  explanation: string;
  evidence: Evidence;
  party: CaseParty;
  facts: RemedyFacts;
}

/** The rule's auto-resolve condition held: close the open case, if any. */
export interface Clearance {
  kind: 'clear';
  caseType: CaseType;
  subject: Subject;
  reason: string;
  evidence: Evidence;
}

export type TimerKind =
  | 'late_shipment'
  | 'stalled_shipment'
  | 'returns_overdue'
  | 'feed_stalled'
  | 'sla_warning'
  | 'sla_breach';

/** A deadline to watch: if it passes before it is cancelled, the timer fires once. */
export interface TimerSpec {
  timerId: string;
  kind: TimerKind;
  tenantId: string;
  subject: Subject;
  dueAt: string;
  caseId?: string;
  clock?: SlaClock;
  detail?: Record<string, string | number>;
}

export interface Schedule {
  kind: 'schedule';
  timer: TimerSpec;
}

export interface Cancel {
  kind: 'cancel';
  timerId: string;
}

export type Signal = Detection | Clearance | Schedule | Cancel;

export const timerId = (kind: TimerKind, tenantId: string, ...parts: string[]): string =>
  [kind, tenantId, ...parts].join(':');

export const evidenceOf = (
  e: { eventId: string; type: string; occurredAt: string },
  summary: string,
): Evidence => ({ eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, summary });
