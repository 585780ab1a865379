import type { OrderInvoicePosted } from '@forewarn/contracts';
import type { InvoiceFact, Money } from './facts.js';

export type InvoiceDiscrepancy = OrderInvoicePosted['payload']['discrepancies'][number];

/** Invoices still in force: a corrected invoice is replaced by the one that corrects it. */
export function invoiceEffective(invoices: readonly InvoiceFact[]): InvoiceFact[] {
  const corrected = new Set(invoices.map((i) => i.correctsInvoiceId).filter((x) => x !== null));
  return invoices.filter((i) => !corrected.has(i.invoiceId));
}

interface ExpectedLine {
  lineNo: number;
  sku: string;
  qty: number;
  unitPrice: Money;
}

interface LineBasis {
  lineNo: number;
  sku: string;
  orderedQty: number;
  shippedQty: number;
  unitPrice: Money;
}

/** What should be billed: shipped quantities once anything shipped, else ordered, at order prices. */
export function expectedLines(lines: readonly LineBasis[]): ExpectedLine[] {
  const anyShipped = lines.some((l) => l.shippedQty > 0);
  return lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    qty: anyShipped ? l.shippedQty : l.orderedQty,
    unitPrice: l.unitPrice,
  }));
}

export interface InvoiceCheck {
  expectedTotal: Money;
  discrepancies: InvoiceDiscrepancy[];
}

const money = (amountMinor: number, currency: string): Money => ({ amountMinor, currency });

/** Compares an invoice's goods lines and subtotal with what the order says should be billed. */
export function checkInvoice(invoice: InvoiceFact, lines: readonly LineBasis[]): InvoiceCheck {
  const currency = invoice.subtotal.currency;
  const expected = expectedLines(lines);
  // Every line discrepancy cites billed against shipped and ordered, so the case shows all three.
  const basis = (lineNo: number) => {
    const l = lines.find((x) => x.lineNo === lineNo);
    return l ? { orderedQty: l.orderedQty, shippedQty: l.shippedQty } : {};
  };
  const out: InvoiceDiscrepancy[] = [];
  for (const il of invoice.lines) {
    const ex = expected.find((e) => e.lineNo === il.lineNo);
    if (!ex) {
      out.push({ kind: 'unexpected_line', lineNo: il.lineNo, sku: il.sku, invoicedQty: il.qty });
      continue;
    }
    if (il.qty !== ex.qty) {
      out.push({
        kind: 'qty_mismatch',
        lineNo: il.lineNo,
        sku: il.sku,
        invoicedQty: il.qty,
        expectedQty: ex.qty,
        ...basis(il.lineNo),
      });
    }
    if (il.unitPrice.amountMinor !== ex.unitPrice.amountMinor) {
      out.push({
        kind: 'price_mismatch',
        lineNo: il.lineNo,
        sku: il.sku,
        invoicedUnitPrice: il.unitPrice,
        expectedUnitPrice: ex.unitPrice,
        ...basis(il.lineNo),
      });
    }
  }
  for (const ex of expected) {
    if (ex.qty > 0 && !invoice.lines.some((il) => il.lineNo === ex.lineNo)) {
      out.push({
        kind: 'missing_line',
        lineNo: ex.lineNo,
        sku: ex.sku,
        expectedQty: ex.qty,
        ...basis(ex.lineNo),
      });
    }
  }
  const expectedTotal = money(
    expected.reduce((sum, e) => sum + e.qty * e.unitPrice.amountMinor, 0),
    currency,
  );
  if (invoice.subtotal.amountMinor !== expectedTotal.amountMinor) {
    out.push({
      kind: 'total_mismatch',
      detail: `invoiced subtotal ${invoice.subtotal.amountMinor} ≠ expected ${expectedTotal.amountMinor} (minor units)`,
    });
  }
  return { expectedTotal, discrepancies: out };
}
