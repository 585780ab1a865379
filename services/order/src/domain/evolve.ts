import { calendarFor, defaultCalendars, deliverBy, shipBy } from '@forewarn/domain';
import type { OrderInputEvent } from './events.js';
import type {
  OrderFacts,
  OrderHeader,
  PickFact,
  QtyByLine,
  ReturnFact,
  ShipmentFact,
} from './facts.js';

type Payload<T extends OrderInputEvent['type']> = Extract<OrderInputEvent, { type: T }>['payload'];

function headerOf(p: Payload<'erp.order.created'>): OrderHeader {
  return {
    customerId: p.customerId,
    customerName: p.customerName ?? null,
    customerTier: p.customerTier,
    accountRepId: p.accountRepId ?? null,
    poNumber: p.poNumber,
    shipTo: p.shipTo,
    currency: p.currency,
    orderedAt: p.orderedAt ?? null,
    requestedShipDate: p.requestedShipDate ?? null,
    promisedShipDate: p.promisedShipDate,
    promisedDeliveryDate: p.promisedDeliveryDate,
    ...promiseOf(p),
    region: p.region ?? null,
    timezone: p.timezone ?? null,
  };
}

/**
 * Ship-by at the shipping site's cut-off in its region's calendar, deliver-by at the end of the
 * promised day in the order's zone; an instant the ERP states wins over either.
 */
function promiseOf(p: Payload<'erp.order.created'>): Pick<OrderHeader, 'shipBy' | 'deliverBy'> {
  const site = calendarFor(defaultCalendars, p.region, p.timezone);
  return {
    shipBy: shipBy(site, { date: p.promisedShipDate, dateTime: p.promisedShipBy }),
    deliverBy: deliverBy(p.timezone ?? site.timezone, {
      date: p.promisedDeliveryDate,
      dateTime: p.promisedDeliverBy,
    }),
  };
}

/** Created and changed both carry the whole order, so the latest one replaces header and lines. */
function withOrder(f: OrderFacts, p: Payload<'erp.order.created'>): OrderFacts {
  return {
    ...f,
    header: headerOf(p),
    lines: p.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      description: l.description ?? null,
      critical: l.critical,
      unitPrice: l.unitPrice,
      orderedQty: l.qty,
    })),
  };
}

function qtyByLine(lines: readonly { lineNo: number; qty: number }[]): QtyByLine {
  const out: QtyByLine = {};
  for (const l of lines) out[l.lineNo] = (out[l.lineNo] ?? 0) + l.qty;
  return out;
}

function shipment(f: OrderFacts, id: string, base: Partial<ShipmentFact>): ShipmentFact {
  return {
    carrier: '',
    trackingNumbers: [],
    shippedAt: null,
    lines: {},
    status: null,
    deliveredAt: null,
    deliveredLines: null,
    ...f.shipments[id],
    ...base,
  };
}

function withShipment(f: OrderFacts, id: string, patch: Partial<ShipmentFact>): OrderFacts {
  return { ...f, shipments: { ...f.shipments, [id]: shipment(f, id, patch) } };
}

function withReturn(f: OrderFacts, rmaId: string, patch: Partial<ReturnFact>): OrderFacts {
  const base: ReturnFact = f.returns[rmaId] ?? {
    rmaId,
    reason: null,
    expectedCredit: null,
    authorisedAt: null,
    receivedAt: null,
    receivedLines: [],
    credit: null,
  };
  return { ...f, returns: { ...f.returns, [rmaId]: { ...base, ...patch } } };
}

const returnLines = (lines: Payload<'erp.return.received'>['lines']) =>
  lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, qty: l.qty, amount: l.amount ?? null }));

/** Applies one event's facts; pure. Events must come in `compareEvents` order. */
function apply(f: OrderFacts, e: OrderInputEvent): OrderFacts {
  switch (e.type) {
    case 'erp.order.created':
    case 'erp.order.changed':
      return withOrder(f, e.payload);
    case 'erp.order.cancelled':
      return { ...f, cancelled: { at: e.occurredAt, reason: e.payload.reason ?? null } };
    case 'erp.allocation.updated': {
      const allocation = { ...f.allocation };
      for (const l of e.payload.lines) {
        allocation[l.lineNo] = {
          allocatedQty: l.allocatedQty,
          backorderedQty: l.backorderedQty,
          expectedAvailableDate: l.expectedAvailableDate ?? null,
        };
      }
      return { ...f, allocation };
    }
    case 'erp.credit-hold.placed':
      if (f.holds.some((h) => h.releasedAt === null)) return f;
      return {
        ...f,
        holds: [
          ...f.holds,
          {
            kind: 'credit',
            placedAt: e.occurredAt,
            reason: e.payload.reason ?? null,
            releasedAt: null,
            note: null,
          },
        ],
      };
    case 'erp.credit-hold.released':
      return {
        ...f,
        holds: f.holds.map((h) =>
          h.releasedAt === null
            ? { ...h, releasedAt: e.occurredAt, note: e.payload.note ?? null }
            : h,
        ),
      };
    case 'erp.invoice.issued': {
      const p = e.payload;
      return {
        ...f,
        invoices: {
          ...f.invoices,
          [p.invoiceId]: {
            invoiceId: p.invoiceId,
            correctsInvoiceId: p.correctsInvoiceId ?? null,
            invoiceDate: p.invoiceDate,
            lines: p.lines,
            subtotal: p.subtotal,
            total: p.total,
          },
        },
      };
    }
    case 'erp.return.authorised':
      return withReturn(f, e.payload.rmaId, {
        reason: e.payload.reason,
        expectedCredit: e.payload.expectedCredit ?? null,
        authorisedAt: e.occurredAt,
      });
    case 'erp.return.received':
      return withReturn(f, e.payload.rmaId, {
        receivedAt: e.occurredAt,
        receivedLines: returnLines(e.payload.lines),
      });
    case 'erp.return.credited':
      return withReturn(f, e.payload.rmaId, {
        credit: {
          creditNoteId: e.payload.creditNoteId,
          creditedAt: e.occurredAt,
          total: e.payload.total,
        },
      });
    case 'wms.wave.released':
      return f.waves.includes(e.payload.waveId)
        ? f
        : { ...f, waves: [...f.waves, e.payload.waveId] };
    case 'wms.pick.completed': {
      const picks: Record<string, PickFact> = {};
      for (const l of e.payload.lines) {
        picks[l.lineNo] = {
          pickedQty: l.pickedQty,
          shortQty: l.shortQty,
          shortReason: l.shortReason ?? null,
        };
      }
      return { ...f, picks: { ...f.picks, [e.payload.waveId ?? '-']: picks } };
    }
    case 'wms.pack.completed':
      return { ...f, packed: true };
    case 'wms.shipment.confirmed': {
      const p = e.payload;
      return withShipment(f, p.shipmentId, {
        carrier: p.carrier,
        trackingNumbers: p.trackingNumbers,
        shippedAt: p.shippedAt,
        lines: qtyByLine(p.cartons.flatMap((c) => c.lines)),
      });
    }
    case 'shipment.status-changed':
      return withShipment(f, e.payload.shipmentId, {
        carrier: e.payload.carrier,
        trackingNumbers: e.payload.trackingNumbers,
        status: e.payload.status,
      });
    case 'shipment.delivered':
      return withShipment(f, e.payload.shipmentId, {
        carrier: e.payload.carrier,
        trackingNumbers: e.payload.trackingNumbers,
        status: 'delivered',
        deliveredAt: e.payload.deliveredAt,
        deliveredLines: qtyByLine(
          e.payload.lines.map((l) => ({ lineNo: l.lineNo, qty: l.deliveredQty })),
        ),
      });
    case 'shipment.eta-changed':
    case 'shipment.exception-scanned':
    case 'shipment.no-scan-yet':
      // Timeline only: the shipment service owns ETAs and scans.
      return f;
  }
}

/** The site the event says fulfils the order: every WMS fulfilment event names its warehouse. */
function siteOf(f: OrderFacts, e: OrderInputEvent): OrderFacts {
  const site = 'warehouseId' in e.payload ? e.payload.warehouseId : undefined;
  return typeof site === 'string' && site !== f.warehouseId ? { ...f, warehouseId: site } : f;
}

/** The order's facts after one more event (in sorted order). */
export function evolve(facts: OrderFacts, event: OrderInputEvent): OrderFacts {
  const next = siteOf(apply(facts, event), event);
  return { ...next, lastEventAt: event.occurredAt, eventCount: facts.eventCount + 1 };
}
