import { caseType } from '@forewarn/contracts';

const caseTypes = caseType().zod.options;

/** Every case type of the detector: the catalog's exceptions, then the customer requests. */
export type CaseType = (typeof caseTypes)[number];

/** The catalog's proactive exception types: the case types before the first request type. */
export const EXCEPTION_TYPES: readonly CaseType[] = caseTypes.slice(
  0,
  caseTypes.indexOf('track_parcel'),
);

export type ExceptionType = CaseType;

export type SubjectKind = 'order' | 'shipment' | 'customer' | 'source_system';

/** One exception the day contains, and the earliest sim instant a detector can know it. */
export interface GroundTruthEntry {
  id: string;
  exceptionType: ExceptionType;
  /** Finer kind, e.g. short_pick / backorder, damaged / customs_hold, price / qty. */
  variant: string;
  subject: { kind: SubjectKind; id: string };
  customerId?: string;
  orderId?: string;
  shipmentId?: string;
  trackingNumber?: string;
  sourceSystem?: string;
  /** When the problem starts to exist (sim time, ISO). */
  injectedAt: string;
  /** Earliest sim time at which the evidence (or the passed deadline) is available. */
  detectableBy: string;
  /** False for exceptions that follow from the schedule rather than a deliberate injection. */
  deliberate: boolean;
  /** The source event that shows the problem, when one does (absence rules have none). */
  evidenceEventId?: string;
  note: string;
}

export type NewEntry = Omit<GroundTruthEntry, 'id' | 'injectedAt' | 'detectableBy'> & {
  injectedAt: number;
  detectableBy: number;
};
