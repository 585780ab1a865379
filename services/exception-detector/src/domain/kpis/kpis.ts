import type { CaseType } from '../types.js';

/** What the KPIs need of one case. */
export interface CaseFacts {
  caseType: CaseType;
  origin: 'proactive' | 'customer';
  status: string;
  openedAt: string;
  /** When it was resolved (auto or by a CSR), if it was. */
  resolvedAt?: string;
  /** It breached at least one SLA clock. */
  breached: boolean;
  /** Times the customer contacted us about it (their requests joined to it). */
  contacts?: number;
  /** It went above the first level (L1) at some point. */
  escalated?: boolean;
  /** It was reopened after a resolution. */
  reopened?: boolean;
}

export interface CaseKpis {
  window: { since: string | null; until: string };
  /**
   * Of the proactive cases opened at least 24 h (48 h) before `until`, so each had the whole
   * period to run, the share resolved within 24 h (48 h) of opening; null when there is none.
   */
  resolvedWithin24h: number | null;
  resolvedWithin48h: number | null;
  /** Of all cases opened in the window (any origin), the share that breached no SLA clock. */
  slaAttainment: number | null;
  /**
   * Of the resolved cases the customer contacted us about, the share resolved on that first
   * contact: one contact, never escalated past L1, never reopened. Null when there is none.
   */
  firstContactResolution: number | null;
  breaches: { cases: number; total: number; byClock: Record<string, number> };
  casesByType: Record<string, { opened: number; open: number; resolved: number }>;
  /** The proactive case types opened most often (top 3), most first. */
  topFailureModes: { caseType: string; opened: number }[];
}

/** What firstContactResolution means, for the API's schemas. */
export const FCR_DESCRIPTION =
  'Of the resolved cases the customer contacted us about, the share resolved on that first ' +
  'contact: one contact, never escalated past L1, never reopened';

const HOUR_MS = 3_600_000;
const OPEN = new Set(['open', 'in_progress', 'waiting_on_customer']);
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Resolved on the first contact: the customer did not have to come back, nobody above L1 was needed. */
function firstContactResolution(cases: readonly CaseFacts[]): number | null {
  const contacted = cases.filter(
    (c) => (c.contacts ?? 0) > 0 && !OPEN.has(c.status) && c.resolvedAt !== undefined,
  );
  const atFirst = contacted.filter((c) => c.contacts === 1 && !c.escalated && !c.reopened);
  return ratio(atFirst.length, contacted.length);
}

function resolvedWithin(cases: readonly CaseFacts[], hours: number, until: number): number | null {
  const ms = hours * HOUR_MS;
  const eligible = cases.filter(
    (c) => c.origin === 'proactive' && Date.parse(c.openedAt) + ms <= until,
  );
  const inTime = eligible.filter(
    (c) => c.resolvedAt !== undefined && Date.parse(c.resolvedAt) - Date.parse(c.openedAt) <= ms,
  );
  return ratio(inTime.length, eligible.length);
}

/** The case KPIs of PRODUCT.md over the cases opened in a window (pure, so tested apart). */
export function caseKpis(
  cases: readonly CaseFacts[],
  breaches: readonly { clock: string }[],
  window: { since?: Date; until: Date },
): CaseKpis {
  const until = window.until.getTime();
  const byType: CaseKpis['casesByType'] = {};
  for (const c of cases) {
    const t = (byType[c.caseType] ??= { opened: 0, open: 0, resolved: 0 });
    t.opened += 1;
    if (OPEN.has(c.status)) t.open += 1;
    else t.resolved += 1;
  }
  const proactive = new Map<string, number>();
  for (const c of cases)
    if (c.origin === 'proactive') proactive.set(c.caseType, (proactive.get(c.caseType) ?? 0) + 1);
  const byClock: Record<string, number> = {};
  for (const b of breaches) byClock[b.clock] = (byClock[b.clock] ?? 0) + 1;
  return {
    window: { since: window.since?.toISOString() ?? null, until: window.until.toISOString() },
    resolvedWithin24h: resolvedWithin(cases, 24, until),
    resolvedWithin48h: resolvedWithin(cases, 48, until),
    slaAttainment: ratio(cases.filter((c) => !c.breached).length, cases.length),
    firstContactResolution: firstContactResolution(cases),
    breaches: { cases: cases.filter((c) => c.breached).length, total: breaches.length, byClock },
    casesByType: byType,
    topFailureModes: [...proactive]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([caseType, opened]) => ({ caseType, opened })),
  };
}
