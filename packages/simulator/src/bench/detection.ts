import type { GroundTruthEntry } from '../ground-truth.js';
import { scoreDetection, type DetectedCase, type TypeScore } from '../demo/score.js';

/**
 * Types whose detection waits for the clock: a deadline passing without an event (absence), or
 * counts of such cases and SLA breaches (chronic). Published as fast as possible, a day has all
 * its late events in before any deadline, so these are scored on a paced run instead.
 */
export const TIME_DRIVEN_TYPES: readonly string[] = [
  'late_shipment_risk',
  'stalled_shipment',
  'returns_overdue',
  'source_feed_stalled',
  'chronic_breach',
];

export interface ProactiveCase extends DetectedCase {
  origin: string;
}

/** Precision and recall restricted to the types `keep` accepts; customer-initiated cases aside. */
export function scoreTypes(
  truth: readonly GroundTruthEntry[],
  cases: readonly ProactiveCase[],
  keep: (type: string) => boolean,
): Record<string, TypeScore> {
  return scoreDetection(
    truth.filter((t) => keep(t.exceptionType)),
    cases.filter((c) => c.origin !== 'customer' && keep(c.caseType)),
  );
}

export const isTimeDriven = (type: string) => TIME_DRIVEN_TYPES.includes(type);
export const isEventDriven = (type: string) => !isTimeDriven(type);
