import type { Emission } from './emissions.js';
import type { GroundTruthEntry } from './ground-truth.js';
import type { CustomerRequest } from './requests.js';

export interface SimCounts {
  messages: number;
  validEvents: number;
  /** Distinct eventIds: what a deduplicating consumer keeps. */
  distinctEvents: number;
  duplicates: number;
  reordered: number;
  backlog: number;
  byTopic: Record<string, number>;
  byType: Record<string, number>;
  bySource: Record<string, number>;
  expectedRejects: {
    total: number;
    byTopic: Record<string, number>;
    byDefect: Record<string, number>;
  };
  exceptionsByType: Record<string, number>;
  requests: number;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export function summarise(
  emissions: readonly Emission[],
  truth: readonly GroundTruthEntry[],
  requests: readonly CustomerRequest[],
  extra: { reordered: number; backlog: number },
): SimCounts {
  const counts: SimCounts = {
    messages: emissions.length,
    validEvents: 0,
    distinctEvents: 0,
    duplicates: 0,
    ...extra,
    byTopic: {},
    byType: {},
    bySource: {},
    expectedRejects: { total: 0, byTopic: {}, byDefect: {} },
    exceptionsByType: {},
    requests: requests.length,
  };
  for (const e of emissions) {
    bump(counts.byTopic, e.topic);
    if (e.kind === 'malformed') {
      counts.expectedRejects.total++;
      bump(counts.expectedRejects.byTopic, e.topic);
      bump(counts.expectedRejects.byDefect, e.defect);
      continue;
    }
    counts.validEvents++;
    if (e.delivery === 'duplicate') counts.duplicates++;
    else counts.distinctEvents++;
    bump(counts.byType, e.event.type);
    bump(counts.bySource, e.event.sourceSystem);
  }
  for (const t of truth) bump(counts.exceptionsByType, t.exceptionType);
  return counts;
}
