import type {
  OrderInvoicePosted,
  OrderLineShort,
  OrderPromiseChanged,
  OrderReturnCredited,
  OrderReturnReceived,
  OrderStatusChanged,
} from '@forewarn/contracts';
import { eventTypeByName } from '@forewarn/contracts';
import { diff, type Change } from './diff.js';
import type { OrderInputEvent } from './events.js';
import type { Step } from './fold.js';
import { ID_SCHEMES, nameUuid } from '@forewarn/platform';
import { checkInvoice } from './invoice-check.js';
import type { LineView, OrderView } from './view.js';

export type OrderDomainEvent =
  | OrderStatusChanged
  | OrderLineShort
  | OrderPromiseChanged
  | OrderInvoicePosted
  | OrderReturnReceived
  | OrderReturnCredited;

export const ORDER_SERVICE_SOURCE = 'forewarn:order-service';

/** Emitted in the newest version of their type, so the fields added since travel too. */
const latestVersion = (type: string) => eventTypeByName(type)?.version ?? 1;

function headerPayload(v: OrderView) {
  const h = v.header;
  return {
    orderId: v.orderId,
    customerId: h.customerId,
    customerName: h.customerName,
    customerTier: h.customerTier,
    accountRepId: h.accountRepId,
    poNumber: h.poNumber,
    promisedShipDate: h.promisedShipDate,
    promisedDeliveryDate: h.promisedDeliveryDate,
    shipBy: h.shipBy,
    deliverBy: h.deliverBy,
    region: h.region,
    timezone: h.timezone,
    siteId: v.siteId,
  };
}

function lineState(l: LineView) {
  return {
    lineNo: l.lineNo,
    sku: l.sku,
    description: l.description,
    critical: l.critical,
    unitPrice: l.unitPrice,
    orderedQty: l.orderedQty,
    allocatedQty: l.allocatedQty,
    backorderedQty: l.backorderedQty,
    pickedQty: l.pickedQty,
    shortQty: l.shortQty,
    shippedQty: l.shippedQty,
    deliveredQty: l.deliveredQty,
  };
}

/** Which change of which event: the name of the emitted event's deterministic id. */
function discriminator(c: Change): string {
  switch (c.kind) {
    case 'line-short':
      return `${c.lineNo}:${c.source}`;
    case 'invoice-posted':
      return c.invoiceId;
    case 'return-received':
    case 'return-credited':
      return c.rmaId;
    default:
      return '';
  }
}

function payloadOf(c: Change, v: OrderView): OrderDomainEvent['payload'] | null {
  const head = headerPayload(v);
  switch (c.kind) {
    case 'status-changed':
      return {
        ...head,
        status: v.status,
        previousStatus: c.previousStatus,
        requestedShipDate: v.header.requestedShipDate,
        shipTo: v.header.shipTo,
        currency: v.header.currency,
        orderValue: v.orderValue,
        lines: v.lines.map(lineState),
        shipmentIds: v.shipmentIds,
      };
    case 'line-short': {
      const line = v.lines.find((l) => l.lineNo === c.lineNo);
      if (!line) return null;
      const erp = c.source === 'erp_backorder';
      return {
        ...head,
        line: lineState(line),
        shortQty: c.shortQty,
        source: c.source,
        reason: erp ? null : line.shortReason,
        expectedAvailableDate: erp ? line.expectedAvailableDate : null,
        lineValue: {
          amountMinor: line.orderedQty * line.unitPrice.amountMinor,
          currency: line.unitPrice.currency,
        },
        orderValue: v.orderValue,
      };
    }
    case 'promise-changed':
      return {
        ...head,
        previousPromisedShipDate: c.previousShipDate,
        previousPromisedDeliveryDate: c.previousDeliveryDate,
      };
    case 'invoice-posted': {
      const inv = v.invoices.find((i) => i.invoiceId === c.invoiceId);
      if (!inv) return null;
      const check = checkInvoice(inv, v.lines);
      return {
        ...head,
        invoiceId: inv.invoiceId,
        correctsInvoiceId: inv.correctsInvoiceId,
        invoicedTotal: inv.subtotal,
        expectedTotal: check.expectedTotal,
        discrepancies: check.discrepancies,
      };
    }
    case 'return-received': {
      const rma = v.returns.find((r) => r.rmaId === c.rmaId);
      if (!rma?.receivedAt) return null;
      return {
        ...head,
        rmaId: rma.rmaId,
        receivedAt: rma.receivedAt,
        lines: rma.receivedLines,
        expectedCredit: rma.expectedCredit,
      };
    }
    case 'return-credited': {
      const rma = v.returns.find((r) => r.rmaId === c.rmaId);
      if (!rma?.credit) return null;
      return {
        ...head,
        rmaId: rma.rmaId,
        creditNoteId: rma.credit.creditNoteId,
        creditedAt: rma.credit.creditedAt,
        total: rma.credit.total,
      };
    }
  }
}

/**
 * The domain events one step causes; ids and times come from the cause, never from a clock.
 * `skip` tells which ids were emitted before, so their payloads are not built again.
 */
export function eventsOfStep(
  step: Step,
  skip: (eventId: string) => boolean = () => false,
): OrderDomainEvent[] {
  const view = step.after;
  if (!view) return [];
  const cause: OrderInputEvent = step.event;
  return diff(step.before, view).flatMap((c) => {
    const name = [view.orderId, c.kind, cause.sourceSystem, cause.eventId, discriminator(c)];
    const eventId = nameUuid(ID_SCHEMES.order, name.join('|'));
    if (skip(eventId)) return [];
    const payload = payloadOf(c, view);
    if (!payload) return [];
    return [
      {
        eventId,
        type: `order.${c.kind}`,
        schemaVersion: latestVersion(`order.${c.kind}`),
        sourceSystem: ORDER_SERVICE_SOURCE,
        occurredAt: cause.occurredAt,
        causationId: cause.eventId,
        refs: {
          customerId: view.header.customerId,
          orderId: view.orderId,
          poNumber: view.header.poNumber,
        },
        payload,
      } as OrderDomainEvent,
    ];
  });
}

/** Every event the order's history causes, in fold order (a set: the caller skips emitted ids). */
export function eventsOfFold(
  steps: readonly Step[],
  skip?: (eventId: string) => boolean,
): OrderDomainEvent[] {
  return steps.flatMap((step) => eventsOfStep(step, skip));
}
