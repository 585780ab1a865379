import { EdiError } from '../x12/errors.js';
import type { Interchange, TransactionSet } from '../x12/parse.js';
import { decimalElement, el, intElement, invalid, required, type Segment } from '../x12/segment.js';
import { toInstant } from '../x12/time.js';
import { carrierOf } from './carrier.js';
import { countryOf } from './countries.js';
import { find, hlTree, type HlNode } from './hl-tree.js';
import type { Draft } from './map-214.js';
import type { MappingTables } from './tables.js';

const GRAMS_PER: Record<string, number> = { KG: 1000, LB: 453.59237, GR: 1 };

function partyCountry(node: HlNode, qualifier: string): string | undefined {
  const i = node.segments.findIndex((s) => s.id === 'N1' && el(s, 1) === qualifier);
  if (i < 0) return undefined;
  for (const seg of node.segments.slice(i + 1)) {
    if (seg.id === 'N1') return undefined;
    if (seg.id === 'N4') return countryOf(seg, 4);
  }
  return undefined;
}

function weightGrams(td1: Segment | undefined): number | undefined {
  if (!td1 || el(td1, 7) === '') return undefined;
  const weight = decimalElement(td1, 7, 'weight');
  const unit = el(td1, 8) || 'KG';
  const factor = GRAMS_PER[unit];
  if (factor === undefined) throw invalid(td1, 8, `unit "${unit}" is not KG, LB or GR`);
  return Math.round(weight * factor);
}

function itemLine(item: HlNode) {
  const lin = find(item, 'LIN');
  const sn1 = find(item, 'SN1');
  if (!lin || !sn1) {
    throw new EdiError('structure', 'an item level (I) needs LIN and SN1', {
      position: item.hl.position,
      segmentId: 'HL',
    });
  }
  const lineNo = intElement(lin, 1, 'order line number (LIN-01)');
  // Product ids come in qualifier/value pairs from LIN-02; the buyer-facing SKU is preferred.
  const pairs = new Map<string, string>();
  for (let i = 2; i + 1 < lin.elements.length; i += 2) pairs.set(el(lin, i), el(lin, i + 1));
  const sku = pairs.get('SK') ?? pairs.get('VP') ?? pairs.get('BP');
  if (!sku) throw invalid(lin, 2, 'no product id with qualifier SK, VP or BP');
  return { lineNo, sku, qty: intElement(sn1, 2, 'units shipped') };
}

function carton(pack: HlNode) {
  const gm = find(pack, 'MAN', 'GM');
  const cp = find(pack, 'MAN', 'CP');
  const cartonId = gm ? required(gm, 2, 'SSCC') : undefined;
  if (!cartonId) {
    throw new EdiError('structure', 'a pack level (P) needs MAN*GM (carton SSCC)', {
      position: pack.hl.position,
      segmentId: 'HL',
    });
  }
  const grams = weightGrams(find(pack, 'TD1'));
  return {
    cartonId,
    ...(cp ? { trackingNumber: required(cp, 2, 'carrier package id') } : {}),
    ...(grams === undefined ? {} : { weightGrams: grams }),
    lines: pack.children.map(itemLine),
  };
}

/**
 * One 856 (ship notice) → one wms.shipment.confirmed per order level, as the contract publishes
 * fulfilment per order: shipment-level carrier, dates and parties are shared, cartons and
 * tracking numbers are the order's own.
 */
export function map856(
  tx: TransactionSet,
  ix: Interchange,
  tables: MappingTables,
  opts: { sourceSystem?: string } = {},
): Draft[] {
  const { header, roots } = hlTree(tx.segments);
  const bsn = header.find((s) => s.id === 'BSN');
  if (!bsn)
    throw new EdiError('structure', 'an 856 needs a BSN segment', {
      position: tx.st.position,
      segmentId: 'ST',
    });
  const shipmentId = required(bsn, 2, 'shipment identification');
  const partner = tables.partners[ix.senderId];
  const sourceSystem = opts.sourceSystem ?? partner?.sourceSystem;
  if (!sourceSystem) {
    throw new EdiError(
      'unknown_code',
      `unknown trading partner "${ix.senderId}": add it to partners.json`,
      {
        position: 1,
        segmentId: 'ISA',
        element: 6,
      },
    );
  }
  const shipment = roots[0];
  if (!shipment || roots.length > 1) {
    throw new EdiError('structure', 'an 856 needs exactly one shipment level (HL S)', {
      position: bsn.position,
      segmentId: 'BSN',
    });
  }
  const td5 = find(shipment, 'TD5');
  if (!td5)
    throw new EdiError('structure', 'the shipment level needs TD5 (carrier)', {
      position: shipment.hl.position,
      segmentId: 'HL',
    });
  const carrier = carrierOf(tables, td5, 3);
  const routing = el(td5, 5);
  const serviceLevel =
    carrier.serviceLevels[routing.toUpperCase()] ??
    (routing ? routing.toLowerCase().replace(/\s+/g, '_') : 'standard');
  const dtm = find(shipment, 'DTM', '011');
  const timeCode = partner?.timeCode ?? carrier.timeCode;
  const shippedAt = dtm
    ? toInstant({ seg: dtm, dateIndex: 2, timeIndex: 3, codeIndex: 4, defaultCode: timeCode })
    : toInstant({ seg: bsn, dateIndex: 3, timeIndex: 4, defaultCode: timeCode });
  const shipFrom = find(shipment, 'N1', 'SF');
  const warehouseId = (shipFrom ? el(shipFrom, 4) : '') || partner?.warehouseId;
  if (!warehouseId)
    throw new EdiError('structure', 'ship-from warehouse unknown: send N1*SF with N1-04', {
      position: shipment.hl.position,
      segmentId: 'HL',
    });
  const [from, to] = [partyCountry(shipment, 'SF'), partyCountry(shipment, 'ST')];
  const sac = find(shipment, 'SAC', 'C');
  // SAC-05 is an X12 N2 amount: implied two decimals, i.e. already in minor units.
  const freightCost = {
    amountMinor: sac ? intElement(sac, 5, 'freight amount') : 0,
    currency: 'USD',
  };
  const proNumber = find(shipment, 'REF', 'CN');

  if (shipment.children.length === 0) {
    throw new EdiError('structure', 'the shipment has no order level (HL O)', {
      position: shipment.hl.position,
      segmentId: 'HL',
    });
  }
  return shipment.children.map((order): Draft => {
    const prf = find(order, 'PRF');
    const vn = find(order, 'REF', 'VN');
    const orderId = vn ? required(vn, 2, 'vendor order number') : undefined;
    if (!orderId)
      throw new EdiError('structure', 'the order level needs REF*VN (our order number)', {
        position: order.hl.position,
        segmentId: 'HL',
      });
    const poNumber = prf ? el(prf, 1) || undefined : undefined;
    const buyer = find(order, 'N1', 'BY');
    const customerId = buyer ? el(buyer, 4) || undefined : undefined;
    const cartons = order.children.map(carton);
    const fromCartons = cartons.flatMap((c) => (c.trackingNumber ? [c.trackingNumber] : []));
    const trackingNumbers = [
      ...new Set(
        fromCartons.length > 0
          ? fromCartons
          : proNumber
            ? [required(proNumber, 2, 'PRO number')]
            : [],
      ),
    ];
    const refs = Object.fromEntries(
      Object.entries({ customerId, orderId, poNumber, shipmentId, trackingNumbers }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    return {
      eventId: `856-${shipmentId}-${orderId}`,
      type: 'wms.shipment.confirmed',
      schemaVersion: 1,
      sourceSystem,
      occurredAt: shippedAt,
      tenantId: 'default',
      refs,
      payload: {
        shipmentId,
        orderId,
        warehouseId,
        carrier: carrier.carrier,
        serviceLevel,
        trackingNumbers,
        cartons,
        freightCost,
        shippedAt,
        international: from !== undefined && to !== undefined && from !== to,
      },
    };
  });
}
