import { EdiError } from '../x12/errors.js';
import type { Interchange, TransactionSet } from '../x12/parse.js';
import { decimalElement, el, invalid, required, type Segment } from '../x12/segment.js';
import { toInstant } from '../x12/time.js';
import { countryOf } from './countries.js';
import { descendants, find, hlTree, type HlNode } from './hl-tree.js';
import { latestVersion, type Draft } from './map-214.js';
import { partnerProfile, zoneOfRegion, type MapContext, type Profile } from './profile.js';
import { referenceOf, refsOf } from './refs.js';

const GRAMS_PER: Record<string, number> = { KG: 1000, LB: 453.59237, GR: 1, G: 1, OZ: 28.349523 };

/** LIN product id qualifiers, most preferred first: the buyer-facing SKU, then the vendor's… */
const PRODUCT_QUALIFIERS = ['SK', 'VP', 'BP', 'IN', 'VN', 'MG', 'UP', 'EN', 'UK', 'UA', 'UI'];

/** MAN qualifiers naming a carton: SSCC-18 first, then U.P.C. shipping container codes. */
const CARTON_MARKS = ['GM', 'UC', 'AA', 'CA', 'SM'];

const missing = (node: HlNode, what: string) =>
  new EdiError(
    'structure',
    what,
    { position: node.hl.position, segmentId: 'HL' },
    { ackCode: '3' },
  );

/** N1 of a party (by N1-01 qualifier) and the N4 that follows it, on a node or in the header. */
function party(scopes: readonly Segment[][], qualifier: string) {
  for (const segments of scopes) {
    const i = segments.findIndex((s) => s.id === 'N1' && el(s, 1) === qualifier);
    if (i < 0) continue;
    const rest = segments.slice(i + 1);
    const end = rest.findIndex((s) => s.id === 'N1');
    const n4 = (end < 0 ? rest : rest.slice(0, end)).find((s) => s.id === 'N4');
    return { n1: segments[i]!, n4 };
  }
  return undefined;
}

function weightGrams(td1: Segment | undefined): number | undefined {
  if (!td1 || el(td1, 7) === '') return undefined;
  const weight = decimalElement(td1, 7, 'weight');
  const unit = el(td1, 8) || 'KG';
  const factor = GRAMS_PER[unit];
  if (factor === undefined) throw invalid(td1, 8, `unit "${unit}" is not KG, LB, GR or OZ`);
  return Math.round(weight * factor);
}

/** SN1-02 units shipped; X12 R, so "12.0" is 12. */
function unitsShipped(sn1: Segment): number {
  const qty = decimalElement(sn1, 2, 'units shipped');
  if (qty < 0 || !Number.isInteger(qty))
    throw invalid(sn1, 2, `units shipped must be a whole number, got "${el(sn1, 2)}"`);
  return qty;
}

function itemLine(item: HlNode, sequence: number) {
  const lin = find(item, 'LIN');
  const sn1 = find(item, 'SN1');
  if (!lin) throw missing(item, 'an item level (I) needs LIN (product id)');
  if (!sn1) throw missing(item, 'an item level (I) needs SN1 (quantity shipped)');
  // Product ids come in qualifier/value pairs from LIN-02 on.
  const pairs = new Map<string, string>();
  for (let i = 2; i + 1 < lin.elements.length; i += 2) {
    const q = el(lin, i).toUpperCase();
    if (q && el(lin, i + 1) && !pairs.has(q)) pairs.set(q, el(lin, i + 1));
  }
  const qualifier = PRODUCT_QUALIFIERS.find((q) => pairs.has(q)) ?? [...pairs.keys()][0];
  if (!qualifier) throw invalid(lin, 2, 'LIN has no product id (qualifier and value from LIN-02)');
  // LIN-01 is optional and free text: a number is the order line, else the item's place.
  const lineNo = /^\d+$/.test(el(lin, 1)) && Number(el(lin, 1)) > 0 ? Number(el(lin, 1)) : sequence;
  return { lineNo, sku: pairs.get(qualifier)!, qty: unitsShipped(sn1) };
}

interface Carton {
  cartonId: string;
  trackingNumber?: string;
  weightGrams?: number;
  lines: ReturnType<typeof itemLine>[];
}

function carton(pack: HlNode, shipmentId: string, lines: Carton['lines']): Carton {
  const marks = pack.segments.filter((s) => s.id === 'MAN');
  const mark = referenceOf(marks, CARTON_MARKS);
  const tracking = referenceOf(marks, ['CP']);
  const grams = weightGrams(find(pack, 'TD1'));
  return {
    cartonId: mark ?? `${shipmentId}-HL${pack.id}`,
    ...(tracking ? { trackingNumber: tracking } : {}),
    ...(grams === undefined ? {} : { weightGrams: grams }),
    lines,
  };
}

/**
 * Standard carton pack (VICS S-O-I-P): the cartons of one SKU sit under its item level, every
 * one holding the same. Each is a carton of that item with its own SN1 when it has one, else an
 * even share of the item's units (the remainder to the first), so the total shipped is kept.
 */
function cartonsOfItem(
  item: HlNode,
  packs: readonly HlNode[],
  shipmentId: string,
  sequence: number,
): Carton[] {
  const line = itemLine(item, sequence);
  const n = packs.length;
  return packs.map((pack, i) => {
    const sn1 = find(pack, 'SN1');
    const qty = sn1 ? unitsShipped(sn1) : Math.floor(line.qty / n) + (i < line.qty % n ? 1 : 0);
    return carton(pack, shipmentId, [{ ...line, qty }]);
  });
}

/**
 * The cartons of an order: each pack level (P) with the items under it; a tare (T) with items
 * straight under it is a carton too; packs under an item (S-O-I-P) are that item's cartons;
 * items with no pack at all (S-O-I, S-I) make one carton named after the shipment and order, so
 * their quantities still travel.
 */
function cartonsOf(order: HlNode, shipmentId: string, orderId: string): Carton[] {
  const items = order.level === 'I' ? [order] : descendants(order, ['I']);
  const seq = new Map(items.map((item, i) => [item, i + 1]));
  const line = (i: HlNode) => itemLine(i, seq.get(i)!);
  const itemPacks = new Map<HlNode, HlNode[]>();
  for (const item of items) {
    const below = descendants(item, ['P']);
    const own = below.length > 0 ? below : descendants(item, ['T']);
    if (own.length > 0) itemPacks.set(item, own);
  }
  const underItems = new Set([...itemPacks.values()].flat());
  const packs = descendants(order, ['P']).filter((p) => !underItems.has(p));
  const tares = descendants(order, ['T']).filter(
    (t) => !underItems.has(t) && t.children.some((c) => c.level === 'I'),
  );
  const packed = new Set<HlNode>();
  const out: [HlNode, Carton][] = [];
  const take = (pack: HlNode, inside: HlNode[]) => {
    const own = inside.filter((i) => !packed.has(i));
    own.forEach((i) => packed.add(i));
    out.push([pack, carton(pack, shipmentId, own.map(line))]);
  };
  for (const pack of packs) take(pack, descendants(pack, ['I']));
  for (const tare of tares)
    take(
      tare,
      tare.children.filter((c) => c.level === 'I'),
    );
  for (const [item, own] of itemPacks) {
    if (packed.has(item)) continue;
    packed.add(item);
    const cartons = cartonsOfItem(item, own, shipmentId, seq.get(item)!);
    own.forEach((pack, i) => out.push([pack, cartons[i]!]));
  }
  const cartons = out.sort(([a], [b]) => a.hl.position - b.hl.position).map(([, c]) => c);
  const loose = items.filter((i) => !packed.has(i));
  if (loose.length > 0)
    cartons.push({ cartonId: `${shipmentId}-${orderId}`, lines: loose.map(line) });
  return cartons;
}

function timeOf(
  seg: Segment,
  dateIndex: number,
  timeIndex: number,
  codeIndex: number | undefined,
  profile: Profile,
  zone: string | undefined,
) {
  return toInstant({
    seg,
    dateIndex,
    timeIndex,
    ...(codeIndex === undefined ? {} : { codeIndex }),
    defaultCode: profile.timeCode,
    ...(zone ? { localZone: zone } : {}),
  });
}

/**
 * One 856 (ship notice) → one wms.shipment.confirmed per order level, as the contract publishes
 * fulfilment per order: shipment-level carrier, dates and parties are shared, cartons and
 * tracking numbers are the order's own. An estimated delivery (DTM 017 or 067) becomes a
 * carrier.eta.updated per tracking number. A cancellation (BSN-01 01 or 03) confirms nothing.
 */
export function map856(tx: TransactionSet, ix: Interchange, ctx: MapContext): Draft[] {
  const { header, roots } = hlTree(tx.segments);
  const bsn = header.find((s) => s.id === 'BSN');
  if (!bsn) {
    throw new EdiError(
      'structure',
      'an 856 needs a BSN segment',
      { position: tx.st.position, segmentId: 'ST' },
      { ackCode: '3' },
    );
  }
  const shipmentId = required(bsn, 2, 'shipment identification');
  if (['01', '03'].includes(el(bsn, 1))) return [];
  const profile = partnerProfile(ctx, ix.senderId);
  const shipments = roots.filter((r) => r.level === 'S');
  if (shipments.length === 0) {
    throw new EdiError(
      'structure',
      'an 856 needs a shipment level (HL with HL-03 S)',
      { position: bsn.position, segmentId: 'BSN' },
      { ackCode: '3' },
    );
  }
  return shipments.flatMap((shipment) =>
    mapShipment(shipment, header, bsn, shipmentId, profile, ctx),
  );
}

function mapShipment(
  shipment: HlNode,
  header: Segment[],
  bsn: Segment,
  shipmentId: string,
  profile: Profile & { warehouseId: string | undefined },
  ctx: MapContext,
): Draft[] {
  const scopes = [shipment.segments, header];
  // TD5 may sit at any level: an order's own (drop-ship notices route each order) before the
  // shipment's and the header's.
  const carrierOf = (order: HlNode) => {
    const levels = [order.segments, shipment.segments, header].map((segs) =>
      segs.filter((s) => s.id === 'TD5'),
    );
    const td5 = levels.flat().find((s) => el(s, 3));
    if (!td5) {
      throw missing(shipment, 'the shipment level needs TD5 with the carrier SCAC (TD5-03)');
    }
    const scac = el(td5, 3);
    const row = ctx.tables.carriers[scac];
    const own = levels.find((l) => l.includes(td5)) ?? [];
    const routing = [td5, ...own].map((s) => el(s, 5)).find(Boolean) ?? '';
    return {
      carrier: row?.carrier ?? scac.toLowerCase().replace(/[^a-z0-9._-]/g, ''),
      serviceLevel:
        row?.serviceLevels[routing.toUpperCase()] ??
        (routing ? routing.toLowerCase().replace(/\s+/g, '_') : 'standard'),
    };
  };
  const shipFrom = party(scopes, 'SF');
  const zone =
    zoneOfRegion(
      ctx.tables,
      shipFrom?.n4 && el(shipFrom.n4, 2),
      shipFrom?.n4 && el(shipFrom.n4, 4),
    ) ?? profile.timeZone;
  const dtm = (q: readonly string[]) =>
    [shipment.segments, header]
      .flatMap((s) => s)
      .find((s) => s.id === 'DTM' && q.includes(el(s, 1)) && el(s, 2));
  const shippedDtm = dtm(['011']);
  const shippedAt = shippedDtm
    ? timeOf(shippedDtm, 2, 3, 4, profile, zone)
    : timeOf(bsn, 3, 4, undefined, profile, zone);
  const etaDtm = dtm(['017', '067']);
  // The ship-to of an order (a drop-ship notice names one per order), else the shipment's.
  const shipToOf = (order: HlNode) => party([order.segments, ...scopes], 'ST');
  const estimatedDeliveryTo = (shipTo: ReturnType<typeof party>) => {
    const shipToZone =
      zoneOfRegion(ctx.tables, shipTo?.n4 && el(shipTo.n4, 2), shipTo?.n4 && el(shipTo.n4, 4)) ??
      zone;
    return etaDtm ? timeOf(etaDtm, 2, 3, 4, profile, shipToZone) : undefined;
  };
  const warehouseId =
    (shipFrom ? el(shipFrom.n1, 4) : '') ||
    profile.warehouseId ||
    (shipFrom ? el(shipFrom.n1, 2) : '') ||
    ctx.sourceSystem?.split(':')[1] ||
    'unknown';
  const country = (p: ReturnType<typeof party>) => (p?.n4 ? countryOf(p.n4, 4) : undefined);
  const from = country(shipFrom);
  const sac = find(shipment, 'SAC', 'C');
  // SAC-05 is an X12 N2 amount: implied two decimals, i.e. already in minor units.
  const freightCost = {
    amountMinor: sac && el(sac, 5) ? Math.round(decimalElement(sac, 5, 'freight amount')) : 0,
    currency: 'USD',
  };
  const shipmentRefs = refsOf([
    ...header.filter((s) => s.id === 'REF'),
    ...shipment.segments.filter((s) => s.id === 'REF'),
  ]);
  const orders = descendants(shipment, ['O']);
  // S-I (and S-P-I): no order level; the shipment level carries the order's references.
  const orderNodes = orders.length > 0 ? orders : [shipment];
  return orderNodes.flatMap((order): Draft[] => {
    const { carrier, serviceLevel } = carrierOf(order);
    const shipTo = shipToOf(order);
    const to = country(shipTo);
    const estimatedDelivery = estimatedDeliveryTo(shipTo);
    const prf =
      find(order, 'PRF') ?? (order === shipment ? header.find((s) => s.id === 'PRF') : undefined);
    const orderRefs = refsOf(order.segments.filter((s) => s.id === 'REF'));
    const poNumber = prf ? el(prf, 1) || undefined : undefined;
    const orderId =
      orderRefs.orderId ?? (order === shipment ? shipmentRefs.orderId : undefined) ?? poNumber;
    if (!orderId)
      throw missing(order, 'the order level needs PRF (purchase order) or REF*VN (order number)');
    const buyer = party([order.segments, ...scopes], 'BY');
    const customerId = buyer ? el(buyer.n1, 4) || undefined : undefined;
    const cartons = cartonsOf(order, shipmentId, orderId);
    const fromCartons = cartons.flatMap((c) => (c.trackingNumber ? [c.trackingNumber] : []));
    const fallback = [shipmentRefs.proNumber, ...orderRefs.trackingNumbers].filter(
      (v): v is string => !!v,
    );
    const trackingNumbers = [...new Set(fromCartons.length > 0 ? fromCartons : fallback)];
    const allNumbers = [
      ...new Set([
        ...trackingNumbers,
        ...shipmentRefs.trackingNumbers,
        ...orderRefs.trackingNumbers,
      ]),
    ];
    const refs = Object.fromEntries(
      Object.entries({
        customerId,
        orderId,
        poNumber,
        shipmentId,
        trackingNumbers: allNumbers,
      }).filter(([, v]) => v !== undefined),
    );
    const envelope = (eventId: string, type: string, occurredAt: string) => ({
      eventId,
      type,
      schemaVersion: latestVersion(type),
      sourceSystem: profile.sourceSystem,
      occurredAt,
      refs,
    });
    const confirmed: Draft = {
      ...envelope(`856-${shipmentId}-${orderId}`, 'wms.shipment.confirmed', shippedAt),
      payload: {
        shipmentId,
        orderId,
        warehouseId,
        carrier,
        serviceLevel,
        trackingNumbers,
        cartons,
        freightCost,
        shippedAt,
        international: from !== undefined && to !== undefined && from !== to,
      },
    };
    const etas: Draft[] = estimatedDelivery
      ? trackingNumbers.map((trackingNumber) => ({
          ...envelope(
            `856-${shipmentId}-${orderId}-${trackingNumber}-eta`,
            'carrier.eta.updated',
            shippedAt,
          ),
          payload: {
            trackingNumber,
            carrier,
            newEta: estimatedDelivery,
            reason: 'estimated delivery stated on the ship notice',
          },
        }))
      : [];
    return [confirmed, ...etas];
  });
}
