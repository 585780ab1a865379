import type { OrderStatusChanged } from '@forewarn/contracts';
import { invoiceEffective } from './invoice-check.js';
import type { HoldFact, InvoiceFact, Money, OrderFacts, OrderHeader, ReturnFact } from './facts.js';

export type OrderStatus = OrderStatusChanged['payload']['status'];

export interface LineView {
  lineNo: number;
  sku: string;
  description: string | null;
  critical: boolean;
  unitPrice: Money;
  orderedQty: number;
  allocatedQty: number;
  backorderedQty: number;
  expectedAvailableDate: string | null;
  pickedQty: number;
  shortQty: number;
  shortReason: string | null;
  shippedQty: number;
  deliveredQty: number;
  invoicedQty: number;
  returnedQty: number;
}

/** The order as the read model and the emitted events show it; derived from facts only. */
export interface OrderView {
  orderId: string;
  header: OrderHeader;
  status: OrderStatus;
  orderValue: Money;
  lines: LineView[];
  holds: HoldFact[];
  shipmentIds: string[];
  /** The site (warehouse) fulfilling the order, once the WMS has named it. */
  siteId: string | null;
  /** The carriers of its shipments, sorted, each once. */
  carriers: string[];
  invoices: InvoiceFact[];
  returns: ReturnFact[];
  cancelled: { at: string; reason: string | null } | null;
  lastEventAt: string | null;
  eventCount: number;
}

const sorted = <T>(record: Record<string, T>) =>
  Object.keys(record)
    .sort()
    .map((k) => record[k] as T);

/** Per-line totals, gathered in one pass per kind of fact (this runs once per fold step). */
class Totals {
  private readonly byLine = new Map<number, number>();
  add(lineNo: number | string, qty: number): void {
    const key = Number(lineNo);
    this.byLine.set(key, (this.byLine.get(key) ?? 0) + qty);
  }
  of(lineNo: number): number {
    return this.byLine.get(lineNo) ?? 0;
  }
}

function lineViews(f: OrderFacts): LineView[] {
  const picked = new Totals();
  const short = new Totals();
  const shortReason = new Map<number, string | null>();
  // Sorted keys: facts reloaded from jsonb come back in another key order.
  for (const wave of sorted(f.picks)) {
    for (const [lineNo, p] of Object.entries(wave)) {
      picked.add(lineNo, p.pickedQty);
      short.add(lineNo, p.shortQty);
      if (p.shortQty > 0 && !shortReason.has(Number(lineNo))) {
        shortReason.set(Number(lineNo), p.shortReason);
      }
    }
  }
  const shipped = new Totals();
  const delivered = new Totals();
  for (const s of Object.values(f.shipments)) {
    for (const [lineNo, qty] of Object.entries(s.lines)) shipped.add(lineNo, qty);
    for (const [lineNo, qty] of Object.entries(s.deliveredLines ?? {})) delivered.add(lineNo, qty);
  }
  const invoiced = new Totals();
  for (const i of invoiceEffective(Object.values(f.invoices))) {
    for (const l of i.lines) invoiced.add(l.lineNo, l.qty);
  }
  const returned = new Totals();
  for (const r of Object.values(f.returns))
    for (const l of r.receivedLines) returned.add(l.lineNo, l.qty);

  return f.lines.map((l) => {
    const alloc = f.allocation[l.lineNo];
    return {
      ...l,
      allocatedQty: alloc?.allocatedQty ?? 0,
      backorderedQty: alloc?.backorderedQty ?? 0,
      expectedAvailableDate: alloc?.expectedAvailableDate ?? null,
      pickedQty: picked.of(l.lineNo),
      shortQty: short.of(l.lineNo),
      shortReason: shortReason.get(l.lineNo) ?? null,
      shippedQty: shipped.of(l.lineNo),
      deliveredQty: delivered.of(l.lineNo),
      invoicedQty: invoiced.of(l.lineNo),
      returnedQty: returned.of(l.lineNo),
    };
  });
}

/** Precedence: the furthest the order has got, unless it is cancelled or held. */
export function deriveStatus(f: OrderFacts, lines: readonly LineView[]): OrderStatus {
  if (f.cancelled) return 'cancelled';
  const active = lines.filter((l) => l.orderedQty > 0);
  const shippedAll = active.length > 0 && active.every((l) => l.shippedQty >= l.orderedQty);
  const shipments = Object.values(f.shipments).filter((s) => s.shippedAt !== null);
  if (shippedAll && shipments.length > 0 && shipments.every((s) => s.deliveredAt !== null)) {
    return 'delivered';
  }
  if (shippedAll) return 'shipped';
  if (lines.some((l) => l.shippedQty > 0)) return 'partially_shipped';
  if (f.holds.some((h) => h.releasedAt === null)) return 'credit_hold';
  if (f.waves.length > 0 || Object.keys(f.picks).length > 0 || f.packed) return 'in_fulfilment';
  if (lines.some((l) => l.backorderedQty > 0)) return 'backordered';
  if (active.length > 0 && active.every((l) => l.allocatedQty >= l.orderedQty)) return 'allocated';
  return 'open';
}

/** The derived order, or null while no order.created/changed has been seen (facts are held). */
export function project(f: OrderFacts): OrderView | null {
  if (!f.header) return null;
  const lines = lineViews(f);
  return {
    orderId: f.orderId,
    header: f.header,
    status: deriveStatus(f, lines),
    orderValue: {
      amountMinor: lines.reduce((sum, l) => sum + l.orderedQty * l.unitPrice.amountMinor, 0),
      currency: f.header.currency,
    },
    lines,
    holds: f.holds,
    shipmentIds: Object.keys(f.shipments).sort(),
    siteId: f.warehouseId ?? null,
    carriers: [...new Set(Object.values(f.shipments).map((s) => s.carrier))]
      .filter((c) => c !== '')
      .sort(),
    invoices: sorted(f.invoices),
    returns: sorted(f.returns),
    cancelled: f.cancelled,
    lastEventAt: f.lastEventAt,
    eventCount: f.eventCount,
  };
}
