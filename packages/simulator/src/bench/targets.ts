export interface TargetInputs {
  /** Sustained source events/s of the unpaced phase. */
  eventsPerSecond: number | null;
  /** p99 source-to-case latency at the paced rate, ms. */
  caseP99Ms: number | null;
  peakRssMiB: Record<string, number>;
  /** Precision and recall per type (null when nothing to measure). */
  detection: Record<string, { precision: number | null; recall: number | null }>;
}

export interface TargetCheck {
  target: string;
  actual: string;
  met: boolean;
}

export const TARGETS = {
  eventsPerSecond: 5_000,
  caseP99Ms: 1_000,
  rssMiB: 200,
} as const;

/** The targets against one run; reported, never asserted. */
export function checkTargets(r: TargetInputs): TargetCheck[] {
  const rss = Object.entries(r.peakRssMiB);
  const worstRss = rss.reduce((m, [, v]) => Math.max(m, v), 0);
  const scores = Object.values(r.detection);
  const imperfect = Object.entries(r.detection)
    .filter(([, s]) => (s.precision ?? 1) < 1 || (s.recall ?? 1) < 1)
    .map(([t]) => t);
  return [
    {
      target: `≥ ${TARGETS.eventsPerSecond} source events/s sustained`,
      actual: r.eventsPerSecond === null ? 'did not drain' : `${r.eventsPerSecond} events/s`,
      met: (r.eventsPerSecond ?? 0) >= TARGETS.eventsPerSecond,
    },
    {
      target: `p99 source → case < ${TARGETS.caseP99Ms} ms`,
      actual: r.caseP99Ms === null ? 'no traced cases' : `${r.caseP99Ms} ms`,
      met: r.caseP99Ms !== null && r.caseP99Ms < TARGETS.caseP99Ms,
    },
    {
      target: `each service < ${TARGETS.rssMiB} MB resident`,
      actual: rss.map(([s, v]) => `${s} ${v.toFixed(0)}`).join(', ') || 'not measured',
      met: rss.length > 0 && worstRss < TARGETS.rssMiB,
    },
    {
      target: 'precision and recall 100 % per type',
      actual: imperfect.length
        ? `below 100 %: ${imperfect.join(', ')}`
        : `${scores.length} types at 100 %`,
      met: scores.length > 0 && imperfect.length === 0,
    },
  ];
}
