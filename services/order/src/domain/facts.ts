import type { OrderCreated } from '@forewarn/contracts';

export interface Money {
  amountMinor: number;
  currency: string;
}

type OrderPayload = OrderCreated['payload'];

/** Who the order is for and what was promised, as the latest ERP order event says. */
export interface OrderHeader {
  customerId: string;
  customerName: string | null;
  customerTier: OrderPayload['customerTier'];
  accountRepId: string | null;
  poNumber: string;
  shipTo: OrderPayload['shipTo'];
  currency: string;
  orderedAt: string | null;
  requestedShipDate: string | null;
  promisedShipDate: string;
  promisedDeliveryDate: string;
  /** The promise as instants, resolved here once (the order service owns it) and published. */
  shipBy: string;
  deliverBy: string;
  region: string | null;
  timezone: string | null;
}

export interface LineSpec {
  lineNo: number;
  sku: string;
  description: string | null;
  critical: boolean;
  unitPrice: Money;
  orderedQty: number;
}

export interface AllocationFact {
  allocatedQty: number;
  backorderedQty: number;
  expectedAvailableDate: string | null;
}

export interface PickFact {
  pickedQty: number;
  shortQty: number;
  shortReason: string | null;
}

/** Quantities per line number (as a string key, so facts stay plain JSON). */
export type QtyByLine = Record<string, number>;

/** A shipment of the order: the WMS ship-confirm, plus what the shipment service reports. */
export interface ShipmentFact {
  carrier: string;
  trackingNumbers: string[];
  /** Set by the ship-confirm; the shipment service's events may come first. */
  shippedAt: string | null;
  lines: QtyByLine;
  status: string | null;
  deliveredAt: string | null;
  deliveredLines: QtyByLine | null;
}

export interface InvoiceFact {
  invoiceId: string;
  correctsInvoiceId: string | null;
  invoiceDate: string;
  lines: { lineNo: number; sku: string; qty: number; unitPrice: Money; lineTotal: Money }[];
  subtotal: Money;
  total: Money;
}

export interface ReturnLineFact {
  lineNo: number;
  sku: string;
  qty: number;
  amount: Money | null;
}

export interface ReturnFact {
  rmaId: string;
  reason: string | null;
  expectedCredit: Money | null;
  authorisedAt: string | null;
  receivedAt: string | null;
  receivedLines: ReturnLineFact[];
  credit: { creditNoteId: string; creditedAt: string; total: Money } | null;
}

export interface HoldFact {
  kind: 'credit';
  placedAt: string;
  reason: string | null;
  releasedAt: string | null;
  note: string | null;
}

/**
 * Everything the sources have said about one order. Each fact is "latest wins" per its own key
 * (line, wave, shipment, invoice, RMA), so folding a sorted set of events is deterministic and
 * facts that arrive before the order itself simply wait for its header.
 */
export interface OrderFacts {
  orderId: string;
  header: OrderHeader | null;
  lines: LineSpec[];
  cancelled: { at: string; reason: string | null } | null;
  allocation: Record<string, AllocationFact>;
  waves: string[];
  /** Per wave (or `-` when the WMS gave none), per line. */
  picks: Record<string, Record<string, PickFact>>;
  packed: boolean;
  /**
   * The site (warehouse) fulfilling the order: the warehouseId of its latest WMS event that
   * names one. Optional because fold states saved before it existed lack it.
   */
  warehouseId?: string | null;
  shipments: Record<string, ShipmentFact>;
  invoices: Record<string, InvoiceFact>;
  returns: Record<string, ReturnFact>;
  holds: HoldFact[];
  lastEventAt: string | null;
  eventCount: number;
}

export function initialFacts(orderId: string): OrderFacts {
  return {
    orderId,
    header: null,
    lines: [],
    cancelled: null,
    allocation: {},
    waves: [],
    picks: {},
    packed: false,
    warehouseId: null,
    shipments: {},
    invoices: {},
    returns: {},
    holds: [],
    lastEventAt: null,
    eventCount: 0,
  };
}
