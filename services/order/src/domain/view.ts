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
  invoices: InvoiceFact[];
  returns: ReturnFact[];
  cancelled: { at: string; reason: string | null } | null;
  lastEventAt: string | null;
  eventCount: number;
}

const sumOf = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const sorted = <T>(record: Record<string, T>) =>
  Object.keys(record)
    .sort()
    .map((k) => record[k] as T);

function lineViews(f: OrderFacts): LineView[] {
  const shipments = sorted(f.shipments);
  const invoices = invoiceEffective(sorted(f.invoices));
  const returns = sorted(f.returns);
  return f.lines.map((l) => {
    const key = String(l.lineNo);
    const alloc = f.allocation[key];
    const picks = Object.values(f.picks).flatMap((w) => (w[key] ? [w[key]] : []));
    return {
      ...l,
      allocatedQty: alloc?.allocatedQty ?? 0,
      backorderedQty: alloc?.backorderedQty ?? 0,
      expectedAvailableDate: alloc?.expectedAvailableDate ?? null,
      pickedQty: sumOf(picks.map((p) => p.pickedQty)),
      shortQty: sumOf(picks.map((p) => p.shortQty)),
      shortReason: picks.find((p) => p.shortQty > 0)?.shortReason ?? null,
      shippedQty: sumOf(shipments.map((s) => s.lines[key] ?? 0)),
      deliveredQty: sumOf(shipments.map((s) => s.deliveredLines?.[key] ?? 0)),
      invoicedQty: sumOf(
        invoices.flatMap((i) => i.lines.filter((x) => x.lineNo === l.lineNo).map((x) => x.qty)),
      ),
      returnedQty: sumOf(
        returns.flatMap((r) =>
          r.receivedLines.filter((x) => x.lineNo === l.lineNo).map((x) => x.qty),
        ),
      ),
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
      amountMinor: sumOf(lines.map((l) => l.orderedQty * l.unitPrice.amountMinor)),
      currency: f.header.currency,
    },
    lines,
    holds: f.holds,
    shipmentIds: Object.keys(f.shipments).sort(),
    invoices: sorted(f.invoices),
    returns: sorted(f.returns),
    cancelled: f.cancelled,
    lastEventAt: f.lastEventAt,
    eventCount: f.eventCount,
  };
}
