import type { OrderView, OrderStatus } from './view.js';

/** What changed between two derived orders, in the vocabulary of the order domain events. */
export type Change =
  | { kind: 'status-changed'; previousStatus: OrderStatus | null }
  | {
      kind: 'line-short';
      lineNo: number;
      source: 'erp_backorder' | 'wms_short_pick';
      shortQty: number;
    }
  | { kind: 'promise-changed'; previousShipDate: string; previousDeliveryDate: string }
  | { kind: 'invoice-posted'; invoiceId: string }
  | { kind: 'return-received'; rmaId: string }
  | { kind: 'return-credited'; rmaId: string };

/**
 * Pure diff of the order before and after one event. An order that becomes known (`before`
 * null) is compared with an empty one, so facts that waited for it (a short pick, an invoice)
 * are announced when it arrives.
 */
export function diff(before: OrderView | null, after: OrderView | null): Change[] {
  if (!after) return [];
  const out: Change[] = [];
  if (before?.status !== after.status) {
    out.push({ kind: 'status-changed', previousStatus: before?.status ?? null });
  }
  for (const line of after.lines) {
    const prev = before?.lines.find((l) => l.lineNo === line.lineNo);
    if ((prev?.backorderedQty ?? 0) !== line.backorderedQty) {
      out.push({
        kind: 'line-short',
        lineNo: line.lineNo,
        source: 'erp_backorder',
        shortQty: line.backorderedQty,
      });
    }
    if ((prev?.shortQty ?? 0) !== line.shortQty) {
      out.push({
        kind: 'line-short',
        lineNo: line.lineNo,
        source: 'wms_short_pick',
        shortQty: line.shortQty,
      });
    }
  }
  if (
    before &&
    (before.header.shipBy !== after.header.shipBy ||
      before.header.deliverBy !== after.header.deliverBy)
  ) {
    out.push({
      kind: 'promise-changed',
      previousShipDate: before.header.promisedShipDate,
      previousDeliveryDate: before.header.promisedDeliveryDate,
    });
  }
  for (const inv of after.invoices) {
    if (!before?.invoices.some((i) => i.invoiceId === inv.invoiceId)) {
      out.push({ kind: 'invoice-posted', invoiceId: inv.invoiceId });
    }
  }
  for (const rma of after.returns) {
    const prev = before?.returns.find((r) => r.rmaId === rma.rmaId);
    if (rma.receivedAt && !prev?.receivedAt)
      out.push({ kind: 'return-received', rmaId: rma.rmaId });
    if (rma.credit && !prev?.credit) out.push({ kind: 'return-credited', rmaId: rma.rmaId });
  }
  return out;
}
