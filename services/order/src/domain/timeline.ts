import type { OrderInputEvent } from './events.js';

/** The system an entry comes from, as a CSR reads it; cases and notices join later. */
export type TimelineSource = 'erp' | 'wms' | 'carrier' | 'case' | 'notice';

export interface TimelineEntry {
  at: string;
  source: TimelineSource;
  /** `kind:instance` of the emitter, e.g. erp:sap-prod. */
  sourceSystem: string;
  type: string;
  eventId: string;
  summary: string;
}

const qty = (lines: readonly { qty: number }[]) => lines.reduce((s, l) => s + l.qty, 0);
const amount = (m: { amountMinor: number; currency: string }) =>
  `${(m.amountMinor / 100).toFixed(2)} ${m.currency}`;

/** One line a CSR can read without opening the payload. */
export function summarize(e: OrderInputEvent): string {
  switch (e.type) {
    case 'erp.order.created':
      return `Order entered: PO ${e.payload.poNumber}, ${e.payload.lines.length} line(s), promised ship ${e.payload.promisedShipDate}, delivery ${e.payload.promisedDeliveryDate}`;
    case 'erp.order.changed':
      return `Order changed${e.payload.changeReason ? ` (${e.payload.changeReason})` : ''}: promised ship ${e.payload.promisedShipDate}, delivery ${e.payload.promisedDeliveryDate}`;
    case 'erp.order.cancelled':
      return `Order cancelled${e.payload.reason ? `: ${e.payload.reason}` : ''}`;
    case 'erp.allocation.updated': {
      const back = e.payload.lines.reduce((s, l) => s + l.backorderedQty, 0);
      return back > 0 ? `Allocation updated: ${back} unit(s) backordered` : 'Stock allocated';
    }
    case 'erp.credit-hold.placed':
      return `Credit hold placed${e.payload.reason ? `: ${e.payload.reason}` : ''}`;
    case 'erp.credit-hold.released':
      return 'Credit hold released';
    case 'erp.invoice.issued':
      return `Invoice ${e.payload.invoiceId} issued: ${amount(e.payload.total)}${e.payload.correctsInvoiceId ? ` (corrects ${e.payload.correctsInvoiceId})` : ''}`;
    case 'erp.return.authorised':
      return `Return ${e.payload.rmaId} authorised (${e.payload.reason}): ${qty(e.payload.lines)} unit(s)`;
    case 'erp.return.received':
      return `Return ${e.payload.rmaId} received: ${qty(e.payload.lines)} unit(s)`;
    case 'erp.return.credited':
      return `Return ${e.payload.rmaId} credited: ${amount(e.payload.total)} (note ${e.payload.creditNoteId})`;
    case 'wms.wave.released':
      return `Released to the floor in wave ${e.payload.waveId} at ${e.payload.warehouseId}`;
    case 'wms.pick.completed': {
      const short = e.payload.lines.reduce((s, l) => s + l.shortQty, 0);
      return short > 0 ? `Picked with ${short} unit(s) short` : 'Picked in full';
    }
    case 'wms.pack.completed':
      return `Packed into ${e.payload.cartons.length} carton(s)`;
    case 'wms.shipment.confirmed':
      return `Shipped ${e.payload.shipmentId} with ${e.payload.carrier} ${e.payload.serviceLevel}, tracking ${e.payload.trackingNumbers.join(', ')}`;
    case 'shipment.status-changed':
      return `Shipment ${e.payload.shipmentId}: ${e.payload.status.replaceAll('_', ' ')}`;
    case 'shipment.eta-changed':
      return `Shipment ${e.payload.shipmentId}: ETA now ${e.payload.eta}${e.payload.reason ? ` (${e.payload.reason})` : ''}`;
    case 'shipment.exception-scanned':
      return `Shipment ${e.payload.shipmentId}: carrier exception${e.payload.exceptionReason ? ` (${e.payload.exceptionReason.replaceAll('_', ' ')})` : ''}`;
    case 'shipment.delivered':
      return `Shipment ${e.payload.shipmentId} delivered${e.payload.signedBy ? `, signed by ${e.payload.signedBy}` : ''}`;
    case 'shipment.no-scan-yet':
      return `Shipment ${e.payload.shipmentId}: no carrier scan for ${e.payload.thresholdHours} h`;
  }
}

function sourceOf(type: string): TimelineSource {
  if (type.startsWith('erp.')) return 'erp';
  if (type.startsWith('wms.')) return 'wms';
  return 'carrier';
}

export function toTimelineEntry(e: OrderInputEvent): TimelineEntry {
  return {
    at: e.occurredAt,
    source: sourceOf(e.type),
    sourceSystem: e.sourceSystem,
    type: e.type,
    eventId: e.eventId,
    summary: summarize(e),
  };
}

/** Merges entries from every provider by time (then event id), the order the timeline shows. */
export function mergeTimeline(groups: readonly (readonly TimelineEntry[])[]): TimelineEntry[] {
  return groups
    .flat()
    .sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) ||
        (a.eventId === b.eventId ? 0 : a.eventId < b.eventId ? -1 : 1),
    );
}
