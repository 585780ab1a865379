import type { GroundTruthEntry } from '../ground-truth.js';

export interface DetectedCase {
  caseType: string;
  subject: { kind: string; id: string };
  /** When the detector says the exception became detectable (its first evidence). */
  detectedAt?: string;
}

export interface TypeScore {
  expected: number;
  detected: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
  missed: string[];
  unexpected: string[];
}

/** Ids a ground-truth entry may be filed under: a shipment case may name the shipment or its tracking number. */
function truthIds(t: GroundTruthEntry): string[] {
  return [
    t.subject.id,
    t.shipmentId,
    t.trackingNumber,
    t.orderId,
    t.sourceSystem,
    t.customerId,
  ].filter((x): x is string => typeof x === 'string');
}

/**
 * Precision and recall per exception type: a detected case is a true positive when the truth
 * holds an entry of the same type naming the same subject. Pure, so the scoring is tested apart
 * from the stack.
 */
export function scoreDetection(
  truth: readonly GroundTruthEntry[],
  all: readonly DetectedCase[],
  window?: { end: string },
): Record<string, TypeScore> {
  // The truth covers the simulated window; what the detector finds in the silence after the
  // publisher stops (every feed goes quiet) is outside it.
  const end = window ? Date.parse(window.end) : Infinity;
  const cases = all.filter((c) => !c.detectedAt || Date.parse(c.detectedAt) <= end);
  const types = new Set([
    ...truth.map((t) => t.exceptionType as string),
    ...cases.map((c) => c.caseType),
  ]);
  const out: Record<string, TypeScore> = {};
  for (const type of types) {
    const expected = truth.filter((t) => t.exceptionType === type);
    const detected = cases.filter((c) => c.caseType === type);
    const matchedTruth = new Set<string>();
    const unexpected: string[] = [];
    for (const c of detected) {
      const hit = expected.find(
        (t) => !matchedTruth.has(t.id) && truthIds(t).includes(c.subject.id),
      );
      if (hit) matchedTruth.add(hit.id);
      else unexpected.push(`${c.subject.kind}:${c.subject.id}`);
    }
    const tp = matchedTruth.size;
    out[type] = {
      expected: expected.length,
      detected: detected.length,
      truePositives: tp,
      precision: detected.length ? tp / detected.length : null,
      recall: expected.length ? tp / expected.length : null,
      missed: expected
        .filter((t) => !matchedTruth.has(t.id))
        .map((t) => `${t.subject.kind}:${t.subject.id}`),
      unexpected,
    };
  }
  return out;
}
