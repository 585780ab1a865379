import type { CaseFacts } from './kpis.js';

/** One UTC day of the case flow: what opened, what was resolved, what opened and breached. */
export interface CaseDay {
  day: string;
  opened: number;
  resolved: number;
  breached: number;
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string | Date): string => new Date(iso).toISOString().slice(0, 10);

/**
 * Cases opened and resolved per UTC day over the `days` days ending on `until`'s day, every day
 * present (zeros too) so a chart's axis is the window, not the days that happened to have cases.
 * A resolution counts on the day it happened, if that day is in the window.
 */
export function casesPerDay(cases: readonly CaseFacts[], until: Date, days: number): CaseDay[] {
  const last = Date.parse(`${dayOf(until)}T00:00:00Z`);
  const series: CaseDay[] = [];
  const byDay = new Map<string, CaseDay>();
  for (let i = days - 1; i >= 0; i -= 1) {
    const d: CaseDay = {
      day: dayOf(new Date(last - i * DAY_MS)),
      opened: 0,
      resolved: 0,
      breached: 0,
    };
    series.push(d);
    byDay.set(d.day, d);
  }
  for (const c of cases) {
    const opened = byDay.get(dayOf(c.openedAt));
    if (opened) {
      opened.opened += 1;
      if (c.breached) opened.breached += 1;
    }
    const resolved = c.resolvedAt ? byDay.get(dayOf(c.resolvedAt)) : undefined;
    if (resolved) resolved.resolved += 1;
  }
  return series;
}

/** The start of a rolling window of `days` UTC days ending with `until`'s day. */
export const windowStart = (until: Date, days: number): Date =>
  new Date(Date.parse(`${dayOf(until)}T00:00:00Z`) - (days - 1) * DAY_MS);
