import type { EventLog, Refs } from './event-log.js';
import type { NewEntry } from './ground-truth.js';
import type { CustomerTier } from './master-data.js';
import type { Rng } from './prng.js';
import { HOUR, localDate } from './time.js';

export interface InvoiceInput {
  orderId: string;
  customerId: string;
  tier: CustomerTier;
  invoiceId: string;
  lines: { lineNo: number; sku: string; qty: number; unitPriceMinor: number }[];
  freightMinor: number;
  issuedAt: number;
  timezone: string;
  refs: Refs;
  discrepancy: boolean;
}

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const ERP = 'erp:sap-prod';

type Line = InvoiceInput['lines'][number];

function invoicePayload(input: InvoiceInput, lines: Line[], invoiceId: string, totalSkew = 0) {
  const subtotal = lines.reduce((sum, l) => sum + l.qty * l.unitPriceMinor, 0);
  // Resellers and enterprise accounts buy for resale or hold exemption certificates.
  const tax = input.tier === 'retail' ? Math.round(subtotal * 0.07) : 0;
  return {
    invoiceId,
    orderId: input.orderId,
    customerId: input.customerId,
    invoiceDate: localDate(input.issuedAt, input.timezone),
    currency: 'USD',
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      qty: l.qty,
      unitPrice: usd(l.unitPriceMinor),
      lineTotal: usd(l.qty * l.unitPriceMinor),
    })),
    subtotal: usd(subtotal),
    freight: usd(input.freightMinor),
    tax: usd(tax),
    total: usd(subtotal + input.freightMinor + tax + totalSkew),
  };
}

/** The invoice for what shipped; a discrepancy is a wrong price, quantity or total, corrected a day later. */
export function invoiceStory(log: EventLog, rng: Rng, input: InvoiceInput): NewEntry[] {
  if (!input.discrepancy) {
    log.add(
      'erp.invoice.issued',
      ERP,
      input.issuedAt,
      input.refs,
      invoicePayload(input, input.lines, input.invoiceId),
    );
    return [];
  }
  const variant = rng.pick(['price', 'qty', 'total'] as const);
  const target = rng.pick(input.lines);
  const wrong = input.lines.map((l) =>
    l !== target
      ? l
      : variant === 'price'
        ? { ...l, unitPriceMinor: Math.round(l.unitPriceMinor * rng.between(1.05, 1.2)) + 1 }
        : variant === 'qty'
          ? { ...l, qty: l.qty + rng.int(1, 5) }
          : l,
  );
  const skew = variant === 'total' ? rng.int(100, 5_000) : 0;
  const issued = log.add(
    'erp.invoice.issued',
    ERP,
    input.issuedAt,
    input.refs,
    invoicePayload(input, wrong, input.invoiceId, skew),
  );
  const correctedAt = input.issuedAt + rng.between(20 * HOUR, 30 * HOUR);
  log.add('erp.invoice.issued', ERP, correctedAt, input.refs, {
    ...invoicePayload(input, input.lines, `${input.invoiceId}-C`),
    correctsInvoiceId: input.invoiceId,
  });
  return [
    {
      exceptionType: 'invoice_discrepancy',
      variant,
      subject: { kind: 'order', id: input.orderId },
      customerId: input.customerId,
      orderId: input.orderId,
      injectedAt: input.issuedAt,
      detectableBy: input.issuedAt,
      deliberate: true,
      evidenceEventId: issued.eventId,
      note: `invoice ${input.invoiceId}: ${variant} differs on line ${target.lineNo}${variant === 'total' ? ' (total does not add up)' : ''}`,
    },
  ];
}
