import type { RemedyFacts } from '../remedy/remedy-policy.js';
import {
  ID_SCOPE,
  type CaseParty,
  type CaseType,
  type Evidence,
  type Priority,
  type SlaClock,
  type Subject,
} from '../types.js';

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
  /**
   * Other events of the same episode (e.g. the later late ETAs of one run). A case citing any of
   * them is this episode's case: events of one episode that arrive out of order (two parcels'
   * ETAs come through different partitions) then never open a second case.
   */
  episode?: readonly string[];
}

/** The rule's auto-resolve condition held: close the open case, if any. */
export interface Clearance {
  kind: 'clear';
  caseType: CaseType;
  subject: Subject;
  reason: string;
  evidence: Evidence;
  /**
   * Resolve only an open case citing this evidence: a rule judged again over a history ends
   * each episode it saw, never a later episode's case.
   */
  onlyCiting?: string;
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
  subject: Subject;
  dueAt: string;
  caseId?: string;
  clock?: SlaClock;
  detail?: Record<string, string | number>;
}

/** Absence timers wait for evidence that may still be in flight; SLA clocks do not. */
export const isAbsence = (kind: TimerKind): boolean =>
  kind !== 'sla_warning' && kind !== 'sla_breach';

export interface Schedule {
  kind: 'schedule';
  timer: TimerSpec;
}

export interface Cancel {
  kind: 'cancel';
  timerId: string;
  /**
   * When the awaited fact happened. A timer due before it stays armed: the deadline passed
   * first, so the absence was real (and the timer, when it fires, finds the fact and resolves).
   */
  asOf?: string;
  /** Delete the armed timer instead of keeping it as cancelled history (one per feed message). */
  forget?: boolean;
}

export type Signal = Detection | Clearance | Schedule | Cancel;

export const timerId = (kind: TimerKind, ...parts: string[]): string =>
  [kind, ID_SCOPE, ...parts].join(':');

/**
 * The evidence id of a carrier scan on a shipment, the same whichever rule cites it: a stall is
 * known by the scan that ends it, so two reports of one stall (a scan inside it arrived late)
 * name the same ending scan and stay one case.
 */
export const scanEvidenceId = (shipmentId: string, scannedAt: string): string =>
  `scan:${shipmentId}@${new Date(scannedAt).toISOString()}`;

export const evidenceOf = (
  e: { eventId: string; type: string; occurredAt: string },
  summary: string,
): Evidence => ({ eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, summary });
