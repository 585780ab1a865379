import type { DomainEvent } from '@forewarn/contracts';
import { NOTIFIED_EXCEPTIONS } from './case-triggers.js';
import { EXCEPTION_TEMPLATES, type TemplateKey } from './channels.js';

/** What a domain event tells the proactivity record. */
export type ProactivitySignal =
  | {
      kind: 'exception_opened';
      caseId: string;
      caseType: string;
      customerId: string;
      /** enterprise, regional_reseller or retail, when the case named it. */
      customerTier?: string;
      orderId?: string;
      shipmentId?: string;
      openedAt: string;
    }
  | {
      kind: 'customer_contacted';
      /** Set when the contact is recorded on the proactive case itself. */
      caseId?: string;
      customerId: string;
      orderId?: string;
      shipmentId?: string;
      at: string;
    }
  | { kind: 'exception_resolved'; caseId: string; at: string };

const PROACTIVE_CONTACT_CHANGES = new Set(['customer_contacted', 'customer_request_joined']);

const refsOf = (p: { orderId?: string | null; shipmentId?: string | null }) => ({
  ...(p.orderId != null ? { orderId: p.orderId } : {}),
  ...(p.shipmentId != null ? { shipmentId: p.shipmentId } : {}),
});

/**
 * Proactive cases open an exception record (only the ones the customer can be told about:
 * an internal inventory mismatch is nobody's business but ours); customer-initiated cases and
 * "the customer called" updates mark when the customer contacted us.
 */
export function proactivitySignals(e: DomainEvent): ProactivitySignal[] {
  if (e.type === 'case.opened') {
    const p = e.payload;
    if (!p.customerId) return [];
    if (p.origin === 'customer') {
      return [
        { kind: 'customer_contacted', customerId: p.customerId, ...refsOf(p), at: p.openedAt },
      ];
    }
    if (!isCustomerFacingException(p.caseType)) return [];
    return [
      {
        kind: 'exception_opened',
        caseId: p.caseId,
        caseType: p.caseType,
        customerId: p.customerId,
        ...(p.customerTier ? { customerTier: p.customerTier } : {}),
        ...refsOf(p),
        openedAt: p.openedAt,
      },
    ];
  }
  if (e.type === 'case.updated' && e.payload.customerId) {
    if (!PROACTIVE_CONTACT_CHANGES.has(e.payload.change)) return [];
    const p = e.payload;
    return [
      {
        kind: 'customer_contacted',
        caseId: p.caseId,
        customerId: e.payload.customerId,
        ...refsOf(p),
        at: e.occurredAt,
      },
    ];
  }
  if (e.type === 'case.resolved') {
    return [{ kind: 'exception_resolved', caseId: e.payload.caseId, at: e.payload.resolvedAt }];
  }
  return [];
}

function isCustomerFacingException(caseType: string): boolean {
  return (
    NOTIFIED_EXCEPTIONS.has(caseType as never) ||
    caseType === 'short_pick_backorder' ||
    caseType === 'carrier_delay'
  );
}

/** A sent notice tells the customer about an exception when it is one of the "bad news" kinds. */
export function tellsAboutException(template: TemplateKey): boolean {
  return EXCEPTION_TEMPLATES.includes(template);
}

export interface ExceptionRecord {
  openedAt: Date;
  firstToldAt: Date | null;
  customerContactedAt: Date | null;
}

/** Proactive: we told the customer and they had not contacted us before (or ever). */
export function wasProactive(r: ExceptionRecord): boolean {
  if (!r.firstToldAt) return false;
  return !r.customerContactedAt || r.firstToldAt <= r.customerContactedAt;
}

export interface ProactivityKpi {
  exceptions: number;
  told: number;
  proactive: number;
  /** proactive / exceptions, null when there were none. */
  proactiveRatio: number | null;
  /** Median time from the exception opening to the first notice. */
  medianTimeToTellMs: number | null;
  /** Median time by which our notice preceded the customer's contact (contacted ones only). */
  medianLeadTimeMs: number | null;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function proactivityKpi(records: readonly ExceptionRecord[]): ProactivityKpi {
  const told = records.filter((r) => r.firstToldAt);
  const proactive = records.filter(wasProactive);
  return {
    exceptions: records.length,
    told: told.length,
    proactive: proactive.length,
    proactiveRatio: records.length ? proactive.length / records.length : null,
    medianTimeToTellMs: median(
      told.map((r) => Math.max(0, r.firstToldAt!.getTime() - r.openedAt.getTime())),
    ),
    medianLeadTimeMs: median(
      proactive
        .filter((r) => r.customerContactedAt)
        .map((r) => r.customerContactedAt!.getTime() - r.firstToldAt!.getTime()),
    ),
  };
}

export interface ProactivityDay {
  /** UTC day the exceptions opened on (YYYY-MM-DD). */
  day: string;
  exceptions: number;
  proactive: number;
  proactiveRatio: number;
  /** Median time from opening to the first notice, of that day's exceptions told. */
  medianTimeToTellMs: number | null;
}

/** The same record per UTC day of opening, for a chart: only the days exceptions opened on. */
export function proactivityByDay(records: readonly ExceptionRecord[]): ProactivityDay[] {
  const days = new Map<string, ExceptionRecord[]>();
  for (const r of records) {
    const day = r.openedAt.toISOString().slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), r]);
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, rs]) => {
      const k = proactivityKpi(rs);
      return {
        day,
        exceptions: k.exceptions,
        proactive: k.proactive,
        proactiveRatio: k.proactiveRatio ?? 0,
        medianTimeToTellMs: k.medianTimeToTellMs,
      };
    });
}
