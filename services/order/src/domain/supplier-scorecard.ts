import { isoWeekMonday } from '@forewarn/domain';
import type { PurchaseOrder } from './purchase-order.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A supplier answering a purchase order within this many hours is responsive. */
export const ACK_HOURS = 24;
/** The rolling windows every scorecard reports, in days. */
export const ROLLING_DAYS = [7, 30, 90] as const;

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const endOfDay = (date: string): number => Date.parse(`${date}T23:59:59.999Z`);
const endOfUtcDay = (ms: number): number => endOfDay(new Date(ms).toISOString().slice(0, 10));

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What one issued purchase order says about its supplier, judged at `now`. */
export interface PurchaseOrderJudgement {
  poNumber: string;
  supplierId: string;
  issuedAt: string;
  /** The end (UTC) of the promised receipt date. */
  dueBy: string;
  /** When the accepted quantity (received less rejected) first covered every line; null if not yet. */
  completedAt: string | null;
  /** Received in full by dueBy; null while it can still make it (not complete, not yet due). */
  onTimeInFull: boolean | null;
  firstReceivedAt: string | null;
  /** First receipt within the quoted lead time (by the end of that day); null while not yet due. */
  leadTimeAdhered: boolean | null;
  /** Actual lead time (issue to first receipt) less the quoted one, in days; null until received. */
  leadTimeDeviationDays: number | null;
  /** Hours from issue to the supplier's first acknowledgement; null until acknowledged. */
  ackHours: number | null;
  /** Acknowledged within ACK_HOURS; null while the supplier still has time. */
  ackedInTime: boolean | null;
  orderedUnits: number;
  receivedUnits: number;
  rejectedUnits: number;
}

/** Judges an issued purchase order at `now`; null for one whose issue event has not arrived. */
export function judgePurchaseOrder(po: PurchaseOrder, now: Date): PurchaseOrderJudgement | null {
  if (po.issuedAt === null || po.expectedReceiptDate === null || po.promisedLeadTimeDays === null)
    return null;
  const t = now.getTime();
  const issued = Date.parse(po.issuedAt);
  const dueBy = endOfDay(po.expectedReceiptDate);
  const accepted = new Map<number, number>();
  let completedAt: string | null = null;
  let receivedUnits = 0;
  let rejectedUnits = 0;
  for (const r of po.receipts) {
    for (const l of r.lines) {
      receivedUnits += l.qtyReceived;
      rejectedUnits += l.qtyRejected;
      accepted.set(l.lineNo, (accepted.get(l.lineNo) ?? 0) + l.qtyReceived - l.qtyRejected);
    }
    if (
      completedAt === null &&
      po.lines.length > 0 &&
      po.lines.every((l) => (accepted.get(l.lineNo) ?? 0) >= l.qty)
    )
      completedAt = r.receivedAt;
  }
  const first = po.receipts[0]?.receivedAt ?? null;
  const leadDue = endOfUtcDay(issued + po.promisedLeadTimeDays * DAY_MS);
  const ackHours =
    po.acknowledgedAt === null ? null : (Date.parse(po.acknowledgedAt) - issued) / HOUR_MS;
  return {
    poNumber: po.poNumber,
    supplierId: po.supplierId,
    issuedAt: po.issuedAt,
    dueBy: new Date(dueBy).toISOString(),
    completedAt,
    onTimeInFull:
      completedAt !== null ? Date.parse(completedAt) <= dueBy : t > dueBy ? false : null,
    firstReceivedAt: first,
    leadTimeAdhered: first !== null ? Date.parse(first) <= leadDue : t > leadDue ? false : null,
    leadTimeDeviationDays:
      first === null ? null : (Date.parse(first) - issued) / DAY_MS - po.promisedLeadTimeDays,
    ackHours,
    ackedInTime:
      ackHours !== null ? ackHours <= ACK_HOURS : t - issued > ACK_HOURS * HOUR_MS ? false : null,
    orderedUnits: po.lines.reduce((a, l) => a + l.qty, 0),
    receivedUnits,
    rejectedUnits,
  };
}

/** The figures of a set of judged purchase orders (one supplier, one window). */
export interface SupplierFigures {
  purchaseOrders: number;
  /** Of the judged purchase orders (complete or past due), the share received in full on time. */
  onTimeInFull: number | null;
  /** Of the received units, the share inspection rejected. */
  defectRate: number | null;
  /** Of the judged purchase orders, the share first received within the quoted lead time. */
  leadTimeAdherence: number | null;
  /** Mean of actual less quoted lead time, in days, over the received purchase orders. */
  meanLeadTimeDeviationDays: number | null;
  /** Median hours from issue to acknowledgement over the acknowledged purchase orders. */
  medianAckHours: number | null;
  /** Of the judged purchase orders, the share acknowledged within ACK_HOURS. */
  ackWithinTarget: number | null;
  /** Purchase orders not yet received in full. */
  open: number;
}

function share(
  js: readonly PurchaseOrderJudgement[],
  pick: (j: PurchaseOrderJudgement) => boolean | null,
) {
  const judged = js.map(pick).filter((v): v is boolean => v !== null);
  return ratio(judged.filter(Boolean).length, judged.length);
}

export function supplierFigures(js: readonly PurchaseOrderJudgement[]): SupplierFigures {
  const received = js.reduce((a, j) => a + j.receivedUnits, 0);
  const deviations = js.flatMap((j) =>
    j.leadTimeDeviationDays === null ? [] : [j.leadTimeDeviationDays],
  );
  return {
    purchaseOrders: js.length,
    onTimeInFull: share(js, (j) => j.onTimeInFull),
    defectRate: ratio(
      js.reduce((a, j) => a + j.rejectedUnits, 0),
      received,
    ),
    leadTimeAdherence: share(js, (j) => j.leadTimeAdhered),
    meanLeadTimeDeviationDays:
      deviations.length === 0 ? null : deviations.reduce((a, b) => a + b, 0) / deviations.length,
    medianAckHours: median(js.flatMap((j) => (j.ackHours === null ? [] : [j.ackHours]))),
    ackWithinTarget: share(js, (j) => j.ackedInTime),
    open: js.filter((j) => j.completedAt === null).length,
  };
}

/**
 * Whether a purchase order belongs to the window ending at `until`: issued by then, and issued
 * or due within it (a purchase order due in the window is judged there even if issued before).
 */
export function inWindow(j: PurchaseOrderJudgement, until: Date, days: number): boolean {
  const since = until.getTime() - days * DAY_MS;
  const issued = Date.parse(j.issuedAt);
  return issued <= until.getTime() && (issued >= since || Date.parse(j.dueBy) >= since);
}

export interface SupplierScorecard extends SupplierFigures {
  supplierId: string;
  supplierName: string;
  /** On-time in full and defect rate over the rolling 7, 30 and 90 days ending now. */
  rolling: {
    days: number;
    purchaseOrders: number;
    onTimeInFull: number | null;
    defectRate: number | null;
  }[];
  /** On-time in full per ISO week (Monday, UTC) of the promised receipt date, oldest first. */
  trend: { week: string; purchaseOrders: number; onTimeInFull: number | null }[];
}

/**
 * One scorecard per supplier, suppliers by name: the figures over the `days` window ending at
 * `now`, with the rolling 7/30/90-day figures and a weekly trend beside them. Pure: the purchase
 * orders come folded, so it is tested apart from the database.
 */
export function supplierScorecards(
  orders: readonly PurchaseOrder[],
  now: Date,
  days: number,
): SupplierScorecard[] {
  const bySupplier = new Map<string, { name: string; js: PurchaseOrderJudgement[] }>();
  for (const po of orders) {
    const j = judgePurchaseOrder(po, now);
    if (!j) continue;
    const entry = bySupplier.get(po.supplierId) ?? {
      name: po.supplierName ?? po.supplierId,
      js: [],
    };
    entry.js.push(j);
    bySupplier.set(po.supplierId, entry);
  }
  return [...bySupplier]
    .map(([supplierId, { name, js }]) => {
      const current = js.filter((j) => inWindow(j, now, days));
      const weeks = new Map<string, PurchaseOrderJudgement[]>();
      for (const j of current) {
        const w = isoWeekMonday(j.dueBy);
        weeks.set(w, [...(weeks.get(w) ?? []), j]);
      }
      return {
        supplierId,
        supplierName: name,
        ...supplierFigures(current),
        rolling: ROLLING_DAYS.map((d) => {
          const f = supplierFigures(js.filter((j) => inWindow(j, now, d)));
          return {
            days: d,
            purchaseOrders: f.purchaseOrders,
            onTimeInFull: f.onTimeInFull,
            defectRate: f.defectRate,
          };
        }),
        trend: [...weeks.keys()].sort().map((week) => ({
          week,
          purchaseOrders: weeks.get(week)!.length,
          onTimeInFull: supplierFigures(weeks.get(week)!).onTimeInFull,
        })),
      };
    })
    .filter((s) => s.rolling.some((r) => r.purchaseOrders > 0))
    .sort(
      (a, b) =>
        a.supplierName.localeCompare(b.supplierName) || a.supplierId.localeCompare(b.supplierId),
    );
}
