import { calendarFor, isLateDelivery, localDate, missingQty, shortLines } from '@forewarn/domain';
import type { OrderView } from '../projection/order-view.js';
import type { DeliverySeen, EtaSeen, ShipmentView } from '../projection/shipment-view.js';
import { boostForTier, type DetectorPolicy } from '../policy.js';
import type { Evidence, Money, Subject } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfShipment } from './party.js';
import type { Detection, Signal } from './signals.js';

/**
 * Rules over a shipment and its order together: the promise lives on the order, the ETA and the
 * delivery on the shipment, and the two arrive on different topics in no fixed order. They are
 * judged over the accumulated facts, only once both sides are known, and again whenever either
 * side changes; the same evidence never opens a second case (the workflow checks), so the cases
 * that result do not depend on which topic was read first.
 */
export function pairRules(
  shipment: ShipmentView,
  order: OrderView | undefined,
  policy: DetectorPolicy,
): Signal[] {
  // A shipment event that carries the promise itself needs no order to be judged.
  if (!deliverByOf(shipment, order)) return [];
  return [
    ...carrierDelay(shipment, order, policy),
    ...deliveredLateOrShort(shipment, order, policy),
  ];
}

const subjectOf = (s: ShipmentView): Subject => ({ kind: 'shipment', id: s.shipmentId });
const calOf = (s: ShipmentView, o: OrderView | undefined, policy: DetectorPolicy) =>
  calendarFor(policy.calendars, o?.region, o?.timezone ?? s.timezone);
/** The order service's deliver-by instant, as the shipment event or the order carried it. */
const deliverByOf = (s: ShipmentView, o: OrderView | undefined) => s.deliverBy ?? o?.deliverBy;
/** The promised date, for the words a person reads. */
const promisedDayOf = (s: ShipmentView, o: OrderView | undefined) =>
  s.promisedDeliveryDate ?? o?.promisedDeliveryDate;

const etaEvidence = (e: EtaSeen, summary: string): Evidence => ({
  eventId: e.eventId,
  type: e.type,
  occurredAt: e.occurredAt,
  summary,
});
const deliveryEvidence = (d: DeliverySeen, summary: string): Evidence => ({
  eventId: d.eventId,
  type: 'shipment.delivered',
  occurredAt: d.occurredAt,
  summary,
});

/** Ends the episode that `run` (its first late ETA) opened, and no other. */
function clear(
  s: ShipmentView,
  caseType: 'carrier_delay',
  reason: string,
  evidence: Evidence,
  run: EtaSeen,
): Signal {
  return {
    kind: 'clear',
    caseType,
    subject: subjectOf(s),
    reason,
    evidence,
    onlyCiting: run.eventId,
  };
}

/**
 * Carrier delay over the ETAs in time order: the shipment is late while any parcel's latest ETA
 * is after the promise. Each run of lateness is one episode, detected on the ETA that began it
 * and ended by the ETA that brought every parcel back within the promise (or delivery): one
 * parcel recovering while another is still late ends nothing. An ETA within the promise before
 * any late one says nothing.
 */
function carrierDelay(s: ShipmentView, o: OrderView | undefined, policy: DetectorPolicy): Signal[] {
  const deliverBy = deliverByOf(s, o);
  if (!deliverBy) return [];
  const promise = promisedDayOf(s, o) ?? deliverBy;
  const cal = calOf(s, o, policy);
  const signals: Signal[] = [];
  let run: EtaSeen | undefined;
  let detected: (Detection & { episode: string[] }) | undefined;
  const etas = s.etas ?? [];
  // A status snapshot's ETA repeats one a parcel's ETA event gave (the shipment service's latest,
  // of any parcel): with parcels named, they are the record. Without (older views), the ETAs
  // are one stream, as a single parcel's.
  const parcelled = etas.some((e) => e.trackingNumber !== undefined);
  const latest = new Map<string, string>();
  for (const e of etas) {
    if (parcelled && e.trackingNumber === undefined) continue;
    latest.set(e.trackingNumber ?? '', e.eta);
    const etaDay = localDate(cal, new Date(e.eta));
    if (![...latest.values()].some((eta) => isLateDelivery(eta, deliverBy))) {
      if (!run) continue;
      const why =
        latest.size > 1
          ? `every parcel's ETA is within the promise (${promise}), the last ${etaDay}`
          : `ETA ${etaDay} is within the promise (${promise})`;
      signals.push(
        clear(s, 'carrier_delay', why, etaEvidence(e, `${e.type} on ${s.shipmentId}: ${why}`), run),
      );
      run = undefined;
      continue;
    }
    if (run) {
      detected?.episode?.push(e.eventId);
      continue;
    }
    run = e;
    detected = {
      kind: 'detect',
      caseType: 'carrier_delay',
      subject: subjectOf(s),
      priority: boostForTier(policy, catalog.carrier_delay!.severity, s.tier ?? o?.tier),
      queue: catalog.carrier_delay!.queue,
      title: `${s.carrier.toUpperCase()} now expects ${s.shipmentId} after the promised date`,
      explanation: `The carrier ETA is ${etaDay}, after the promised delivery date ${promise}; the order is at risk of missing OTIF.`,
      evidence: etaEvidence(e, `ETA ${e.eta} > promised ${promise}`),
      party: partyOfShipment(s, o),
      facts: { issue: 'late', ...(s.freightCost ? { freightCost: s.freightCost } : {}) },
      episode: [],
    };
    signals.push(detected);
  }
  const delivered = s.deliveries?.[0];
  if (delivered && run) {
    const ev = deliveryEvidence(delivered, `delivered ${delivered.deliveredAt}`);
    signals.push(clear(s, 'carrier_delay', 'delivered', ev, run));
  }
  return signals;
}

/** Delivered late (after the promise, on the order's calendar) or not in full: each report. */
function deliveredLateOrShort(
  s: ShipmentView,
  o: OrderView | undefined,
  policy: DetectorPolicy,
): Signal[] {
  return (s.deliveries ?? []).flatMap((d) => judgeDelivery(s, d, o, policy));
}

function judgeDelivery(
  s: ShipmentView,
  d: DeliverySeen,
  o: OrderView | undefined,
  policy: DetectorPolicy,
): Signal[] {
  const deliverBy = deliverByOf(s, o);
  const promise = promisedDayOf(s, o);
  const deliveredDay = localDate(calOf(s, o, policy), new Date(d.deliveredAt));
  const late = deliverBy !== undefined && isLateDelivery(d.deliveredAt, deliverBy);
  const short = shortLines(d.lines);
  // On time and in full: nothing to say (an OTIF miss is closed by a CSR, with its remedy).
  if (!late && short.length === 0) return [];
  const price = (lineNo: number): Money | undefined =>
    o?.lines.find((l) => l.lineNo === lineNo)?.unitPrice;
  const claimMinor = short.reduce(
    (sum, l) => sum + (price(l.lineNo)?.amountMinor ?? 0) * missingQty(l),
    0,
  );
  const currency = o?.orderValue?.currency ?? d.freightCost.currency;
  const critical = short
    .map((l) => o?.lines.find((x) => x.lineNo === l.lineNo))
    .find((l) => l?.critical);
  const parts = [
    ...(late ? [`delivered ${deliveredDay}, after the promised ${promise}`] : []),
    ...short.map((l) => {
      const ordered = o?.lines.find((x) => x.lineNo === l.lineNo)?.orderedQty;
      const of = ordered === undefined ? '' : ` (ordered ${ordered})`;
      return `line ${l.lineNo} ${l.sku}: ${l.deliveredQty} delivered of ${l.shippedQty} shipped${of}`;
    }),
  ];
  return [
    {
      kind: 'detect',
      caseType: 'delivered_late_or_short',
      subject: subjectOf(s),
      priority: boostForTier(policy, catalog.delivered_late_or_short!.severity, s.tier ?? o?.tier),
      queue: catalog.delivered_late_or_short!.queue,
      title: `${s.shipmentId} ${late && short.length ? 'late and short' : late ? 'delivered late' : 'delivered short'}`,
      explanation: `OTIF miss on ${s.orderId}: ${parts.join('; ')}.`,
      evidence: deliveryEvidence(d, parts.join('; ')),
      party: partyOfShipment(s, o),
      facts:
        short.length > 0
          ? {
              issue: 'product',
              claimValue: { amountMinor: claimMinor, currency },
              ...(o?.orderValue ? { orderValue: o.orderValue } : {}),
              affectedLines: short.length,
              ...(critical ? { criticalSku: critical.sku } : {}),
            }
          : { issue: 'late', freightCost: d.freightCost },
    },
  ];
}
