import type { OrderEvent } from '../projection/events.js';
import { isShipped, type OrderView } from '../projection/order-view.js';
import { boostForTier, type DetectorPolicy } from '../policy.js';
import { formatMoney } from '../remedy/suggest-remedy.js';
import type { Money, Subject } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfOrder } from './party.js';
import { evidenceOf, timerId, type Signal } from './signals.js';

export interface OrderRuleInput {
  event: OrderEvent;
  /** The view after the event (unchanged when the event was late and older). */
  order: OrderView;
  policy: DetectorPolicy;
}

const DAY_MS = 86_400_000;
const subjectOf = (o: OrderView): Subject => ({ kind: 'order', id: o.orderId });

/** Late shipment risk: watch the ship-by instant (the order service resolved it) until the order ships. */
function lateShipment({ event, order }: OrderRuleInput): Signal[] {
  const id = timerId('late_shipment', order.orderId);
  if (isShipped(order)) {
    return [
      { kind: 'cancel', timerId: id, asOf: order.shippedAt ?? event.occurredAt },
      {
        kind: 'clear',
        caseType: 'late_shipment_risk',
        subject: subjectOf(order),
        reason: `order is ${order.status}`,
        evidence: evidenceOf(event, `Order ${order.orderId} is ${order.status}`),
      },
    ];
  }
  // Orders written before the promise travelled as an instant carry none: nothing to watch.
  if (!order.shipBy) return [];
  return [
    {
      kind: 'schedule',
      timer: {
        timerId: id,
        kind: 'late_shipment',
        subject: subjectOf(order),
        dueAt: order.shipBy,
        detail: { promisedShipDate: order.promisedShipDate, shipBy: order.shipBy },
      },
    },
  ];
}

const lineValue = (price: Money, qty: number): Money => ({
  amountMinor: price.amountMinor * qty,
  currency: price.currency,
});

const isShort = (l: OrderView['lines'][number]) => l.shortQty > 0 || l.backorderedQty > 0;

/**
 * The order service's snapshot (order.status-changed) carries every line as it stands. The line
 * that filled a short one can reach us before its order's newer snapshot or after it (the order
 * service reads the ERP and the WMS from separate topics, so instances splitting partitions
 * interleave them differently); a current snapshot with every line filled therefore ends the
 * shortage too, and late, older snapshots (the view kept newer lines) decide nothing.
 */
function filledSnapshot({ event, order }: OrderRuleInput): Signal[] {
  if (event.type !== 'order.status-changed' || order.asOf?.eventId !== event.eventId) return [];
  if (order.lines.length === 0 || order.lines.some(isShort)) return [];
  return [
    {
      kind: 'clear',
      caseType: 'short_pick_backorder',
      subject: subjectOf(order),
      reason: `every line of ${order.orderId} is filled (order ${order.status ?? 'updated'})`,
      evidence: evidenceOf(event, `Order ${order.orderId}: no line short or backordered`),
    },
  ];
}

function shortLine(input: OrderRuleInput): Signal[] {
  const { event, order, policy } = input;
  if (event.type === 'order.status-changed') return filledSnapshot(input);
  if (event.type !== 'order.line-short') return [];
  const p = event.payload;
  const stillShort = order.lines.filter(isShort);
  const signals: Signal[] = [];
  if (p.shortQty === 0 && stillShort.length === 0) {
    signals.push({
      kind: 'clear',
      caseType: 'short_pick_backorder',
      subject: subjectOf(order),
      reason: `line ${p.line.lineNo} filled; no line is short any more`,
      evidence: evidenceOf(event, `Line ${p.line.lineNo} (${p.line.sku}) filled`),
    });
    return signals;
  }
  if (p.shortQty === 0) return signals;
  const how = p.source === 'erp_backorder' ? 'is backordered' : 'was short-picked';
  const when = p.expectedAvailableDate ? `; expected available ${p.expectedAvailableDate}` : '';
  const claimValue = lineValue(p.line.unitPrice, p.shortQty);
  signals.push({
    kind: 'detect',
    caseType: 'short_pick_backorder',
    subject: subjectOf(order),
    priority: boostForTier(
      policy,
      p.line.critical ? 'high' : catalog.short_pick_backorder!.severity,
      order.tier,
    ),
    queue: catalog.short_pick_backorder!.queue,
    title: `${p.line.critical ? 'Critical line' : 'Line'} short on ${order.orderId}`,
    explanation:
      `${p.shortQty} of ${p.line.orderedQty} ${p.line.sku} (line ${p.line.lineNo}) ${how}` +
      `${p.reason ? ` (${p.reason})` : ''}${when}; order ${order.orderId} (PO ${order.poNumber}) will not ship in full.`,
    evidence: evidenceOf(
      event,
      `Line ${p.line.lineNo} ${p.line.sku} short ${p.shortQty} (${p.source})`,
    ),
    party: partyOfOrder(order),
    facts: {
      issue: 'product',
      claimValue,
      orderValue: p.orderValue,
      affectedLines: stillShort.length || 1,
      ...(p.line.critical ? { criticalSku: p.line.sku } : {}),
    },
  });
  return signals;
}

type Discrepancy = Extract<
  OrderEvent,
  { type: 'order.invoice-posted' }
>['payload']['discrepancies'][number];

/** One line's discrepancy as a CSR reads it: billed against shipped against ordered. */
function lineWords(d: Discrepancy): string {
  const qty = [
    d.invoicedQty != null ? `billed ${d.invoicedQty}` : 'not billed',
    d.shippedQty != null ? `shipped ${d.shippedQty}` : null,
    d.orderedQty != null ? `ordered ${d.orderedQty}` : null,
  ].filter((x) => x !== null);
  const price =
    d.kind === 'price_mismatch' && d.invoicedUnitPrice && d.expectedUnitPrice
      ? `, billed at ${formatMoney(d.invoicedUnitPrice)} instead of ${formatMoney(d.expectedUnitPrice)}`
      : '';
  return `line ${d.lineNo}${d.sku ? ` ${d.sku}` : ''} ${qty.join(', ')}${price}`;
}

function invoice({ event, order, policy }: OrderRuleInput): Signal[] {
  if (event.type !== 'order.invoice-posted') return [];
  const p = event.payload;
  if (p.discrepancies.length === 0) {
    return [
      {
        kind: 'clear',
        caseType: 'invoice_discrepancy',
        subject: subjectOf(order),
        reason: `invoice ${p.invoiceId} matches the order`,
        evidence: evidenceOf(
          event,
          `Invoice ${p.invoiceId} matches (${formatMoney(p.invoicedTotal)})`,
        ),
      },
    ];
  }
  const kinds = [...new Set(p.discrepancies.map((d) => d.kind.replace('_', ' ')))].join(', ');
  const lines = p.discrepancies.flatMap((d) => (d.lineNo == null ? [] : [lineWords(d)]));
  return [
    {
      kind: 'detect',
      caseType: 'invoice_discrepancy',
      subject: subjectOf(order),
      priority: boostForTier(policy, catalog.invoice_discrepancy!.severity, order.tier),
      queue: catalog.invoice_discrepancy!.queue,
      title: `Invoice ${p.invoiceId} disagrees with ${order.orderId}`,
      explanation: `Invoice ${p.invoiceId} totals ${formatMoney(p.invoicedTotal)} where ${formatMoney(p.expectedTotal)} was expected (${kinds})${lines.length ? `: ${lines.join('; ')}` : ''}.`,
      evidence: evidenceOf(
        event,
        `${p.discrepancies.length} discrepancies: ${lines.length ? lines.join('; ') : kinds}`,
      ),
      party: partyOfOrder(order),
      facts: { issue: 'billing' },
    },
  ];
}

function returns({ event, order, policy }: OrderRuleInput): Signal[] {
  if (event.type === 'order.return-received') {
    const p = event.payload;
    const dueAt = new Date(Date.parse(p.receivedAt) + policy.returnsCreditDays * DAY_MS);
    return [
      {
        kind: 'schedule',
        timer: {
          timerId: timerId('returns_overdue', order.orderId, p.rmaId),
          kind: 'returns_overdue',
          subject: subjectOf(order),
          dueAt: dueAt.toISOString(),
          detail: { rmaId: p.rmaId, receivedAt: p.receivedAt },
        },
      },
    ];
  }
  if (event.type === 'order.return-credited') {
    const p = event.payload;
    return [
      {
        kind: 'cancel',
        timerId: timerId('returns_overdue', order.orderId, p.rmaId),
        asOf: p.creditedAt,
      },
      {
        kind: 'clear',
        caseType: 'returns_overdue',
        subject: subjectOf(order),
        reason: `return ${p.rmaId} credited (${p.creditNoteId})`,
        evidence: evidenceOf(event, `Return ${p.rmaId} credited ${formatMoney(p.total)}`),
      },
    ];
  }
  return [];
}

/** Every order-side rule, in catalog order. */
export function orderRules(input: OrderRuleInput): Signal[] {
  const { event } = input;
  const watchesShipDate =
    event.type === 'order.status-changed' || event.type === 'order.promise-changed';
  return [
    ...(watchesShipDate ? lateShipment(input) : []),
    ...shortLine(input),
    ...invoice(input),
    ...returns(input),
  ];
}
