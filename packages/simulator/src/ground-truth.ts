/** The catalog's proactive exception types, named as the detector's case types. */
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

export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

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
