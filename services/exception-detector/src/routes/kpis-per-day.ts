import { caseKpis, type CaseFacts } from '../domain/kpis/kpis.js';

/** The ratio KPIs of the cases opened on one UTC day. */
export interface CaseKpiDay {
  day: string;
  slaAttainment: number | null;
  resolvedWithin24h: number | null;
  resolvedWithin48h: number | null;
  firstContactResolution: number | null;
}

/**
 * The window's ratio KPIs per UTC day of opening, one entry for each of `days` (null where no
 * case qualifies), each judged by caseKpis at the same `until` as the window's totals, so a day
 * is the totals' definition over that day's cases.
 */
export function caseKpisPerDay(
  cases: readonly CaseFacts[],
  days: readonly string[],
  until: Date,
): CaseKpiDay[] {
  const byDay = new Map<string, CaseFacts[]>();
  for (const c of cases) {
    const day = new Date(c.openedAt).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), c]);
  }
  return days.map((day) => {
    const k = caseKpis(byDay.get(day) ?? [], [], { until });
    return {
      day,
      slaAttainment: k.slaAttainment,
      resolvedWithin24h: k.resolvedWithin24h,
      resolvedWithin48h: k.resolvedWithin48h,
      firstContactResolution: k.firstContactResolution,
    };
  });
}
