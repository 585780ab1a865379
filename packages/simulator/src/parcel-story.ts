import type { Carrier } from './carriers.js';
import type { EventLog, Refs } from './event-log.js';
import type { NewEntry } from './ground-truth.js';
import type { SimCustomer } from './master-data.js';
import type { Rng } from './prng.js';
import {
  HOUR,
  MINUTE,
  addBusinessDays,
  endOfLocalDate,
  iso,
  localDate,
  nextBusinessMorning,
  zonedTime,
} from './time.js';

export type CarrierExceptionVariant =
  'damaged' | 'lost' | 'address_problem' | 'refused' | 'delivery_attempt_failed' | 'customs_hold';

/** What goes wrong on the carrier's side of one shipment. */
export type CarrierTwist =
  | { kind: 'none' }
  | { kind: 'carrier_delay' }
  | { kind: 'stalled' }
  | { kind: 'exception'; variant: CarrierExceptionVariant }
  | { kind: 'delivered_late' }
  | { kind: 'delivered_short'; trackingNumber: string; lineNo: number; sku: string; qty: number };

export interface Parcel {
  trackingNumber: string;
  lines: { lineNo: number; sku: string; qty: number }[];
}

export interface ShipmentFacts {
  shipmentId: string;
  orderId: string;
  poNumber: string;
  customer: SimCustomer;
  carrier: Carrier;
  transitDays: number;
  parcels: Parcel[];
  shippedAt: number;
  /** Zone the order's promise dates are in. */
  orderTimezone: string;
}

export interface CarrierOutcome {
  deliveredAt: number;
  /** The delivery date the ERP promised, consistent with the twist (late only when meant to be). */
  promisedDeliveryDate: string;
  findings: NewEntry[];
}

interface Scan {
  at: number;
  status:
    | 'info_received'
    | 'picked_up'
    | 'in_transit'
    | 'out_for_delivery'
    | 'delivery_attempt_failed'
    | 'delivered'
    | 'exception';
  reason?: 'damaged' | 'lost' | 'address_problem' | 'refused' | 'customs_hold';
  description: string;
  city?: string;
  country?: string;
}

const MAX_QUIET = 10 * HOUR;

/** Adds in-transit scans so no quiet spell is longer than MAX_QUIET, except where `keepGap` says. */
function fill(rng: Rng, scans: Scan[], keepGapAfter: number | undefined, hub: () => Scan): Scan[] {
  const out: Scan[] = [];
  scans.forEach((scan, i) => {
    out.push(scan);
    const next = scans[i + 1];
    if (!next || scan.at === keepGapAfter || scan.status === 'delivered') return;
    let t = scan.at + rng.between(3 * HOUR, MAX_QUIET);
    while (t < next.at - HOUR) {
      out.push({ ...hub(), at: t });
      t += rng.between(3 * HOUR, MAX_QUIET);
    }
  });
  return out;
}

export function carrierStory(
  log: EventLog,
  rng: Rng,
  facts: ShipmentFacts,
  twist: CarrierTwist,
  stallThresholdHours: number,
): CarrierOutcome {
  const { customer, carrier } = facts;
  const tz = customer.timezone;
  const dest = { city: customer.shipTo.city, country: customer.country };
  const hubs = carrier.hubs;
  const hub = (): Scan => {
    const h = rng.pick(hubs);
    return {
      at: 0,
      status: 'in_transit',
      description: `Departed ${h.facility}`,
      city: h.city,
      country: h.country,
    };
  };
  const pickupAt = facts.shippedAt + rng.between(30 * MINUTE, 150 * MINUTE);
  const nominalArrival = zonedTime(
    addBusinessDays(localDate(pickupAt, tz), facts.transitDays),
    5,
    tz,
  );
  const findings: NewEntry[] = [];
  const firstHop = pickupAt + rng.between(2 * HOUR, 6 * HOUR);
  let arrival = nominalArrival;
  const anchors: Scan[] = [
    {
      at: facts.shippedAt + 5 * MINUTE,
      status: 'info_received',
      description: 'Shipment information received',
    },
    { at: pickupAt, status: 'picked_up', description: 'Picked up', city: 'Atlanta', country: 'US' },
    { ...hub(), at: firstHop },
  ];
  let stallGap: { from: number; to: number } | undefined;
  if (twist.kind === 'stalled') {
    const to = firstHop + (stallThresholdHours + rng.between(2, 8)) * HOUR;
    stallGap = { from: firstHop, to };
    anchors.push({ ...hub(), at: to, description: 'Scan resumed at facility' });
    arrival = nextBusinessMorning(Math.max(nominalArrival, to + 3 * HOUR), tz, 5);
  }
  if (twist.kind === 'delivered_late') {
    arrival = nextBusinessMorning(nominalArrival + rng.int(1, 2) * 24 * HOUR, tz, 5);
  }
  if (twist.kind === 'exception' && twist.variant !== 'delivery_attempt_failed') {
    arrival = nextBusinessMorning(nominalArrival + 24 * HOUR, tz, 5);
    const at = firstHop + rng.between(HOUR, 4 * HOUR);
    const resolved = at + rng.between(4 * HOUR, 9 * HOUR);
    anchors.push(
      {
        ...hub(),
        at,
        status: 'exception',
        reason: twist.variant,
        description: EXCEPTION_TEXT[twist.variant],
      },
      { ...hub(), at: resolved, description: RESOLVED_TEXT[twist.variant] },
    );
  }
  if (facts.customer.international) {
    const mid = (firstHop + arrival) / 2;
    if (!anchors.some((a) => Math.abs(a.at - mid) < HOUR) && (!stallGap || mid > stallGap.to)) {
      anchors.push({ at: mid, status: 'in_transit', description: 'Cleared customs', ...dest });
    }
  }
  anchors.push({
    at: arrival,
    status: 'in_transit',
    description: 'Arrived at destination facility',
    ...dest,
  });
  let ofd = arrival + rng.between(2 * HOUR, 4 * HOUR);
  let deliveredAt = ofd + rng.between(3 * HOUR, 7 * HOUR);
  anchors.push({ at: ofd, status: 'out_for_delivery', description: 'Out for delivery', ...dest });
  if (twist.kind === 'exception' && twist.variant === 'delivery_attempt_failed') {
    anchors.push({
      at: deliveredAt,
      status: 'delivery_attempt_failed',
      description: 'Delivery attempted, business closed',
      ...dest,
    });
    ofd = nextBusinessMorning(deliveredAt + HOUR, tz, 7) + rng.between(0, 2 * HOUR);
    deliveredAt = ofd + rng.between(3 * HOUR, 6 * HOUR);
    anchors.push({
      at: ofd,
      status: 'out_for_delivery',
      description: 'Out for delivery, second attempt',
      ...dest,
    });
  }
  anchors.push({ at: deliveredAt, status: 'delivered', description: 'Delivered', ...dest });
  anchors.sort((a, b) => a.at - b.at);
  const scans = fill(rng, anchors, stallGap?.from, hub);

  const deliveredDate = localDate(deliveredAt, facts.orderTimezone);
  const nominalDate = localDate(nominalArrival + 8 * HOUR, facts.orderTimezone);
  const promisedDeliveryDate =
    twist.kind === 'delivered_late'
      ? nominalDate
      : twist.kind === 'carrier_delay' || rng.chance(0.5)
        ? deliveredDate
        : addBusinessDays(deliveredDate, 1);
  const promiseEnd = endOfLocalDate(promisedDeliveryDate, facts.orderTimezone);
  const etaOn = (ms: number) => zonedTime(localDate(ms, tz), 17, tz);

  const refs = (tn: string): Refs => ({
    customerId: customer.customerId,
    orderId: facts.orderId,
    poNumber: facts.poNumber,
    shipmentId: facts.shipmentId,
    trackingNumbers: [tn],
  });
  const subject = { kind: 'shipment' as const, id: facts.shipmentId };
  const base = {
    customerId: customer.customerId,
    orderId: facts.orderId,
    shipmentId: facts.shipmentId,
    subject,
    deliberate: true,
  };

  facts.parcels.forEach((parcel, p) => {
    const tn = parcel.trackingNumber;
    const jitter = p * rng.between(5_000, 90_000);
    const parcelRefs = refs(tn);
    const ident = { trackingNumber: tn, carrier: carrier.code };
    for (const scan of scans) {
      const isException = scan.status === 'exception' || scan.status === 'delivery_attempt_failed';
      // A carrier exception hits the first parcel; the others travel on normally.
      if (isException && p > 0) continue;
      const at = scan.at + jitter;
      const event = log.add('carrier.tracking.scanned', carrier.sourceSystem, at, parcelRefs, {
        ...ident,
        status: scan.status,
        ...(scan.reason ? { exceptionReason: scan.reason } : {}),
        carrierStatusCode: scan.status.toUpperCase().slice(0, 3),
        description: scan.description,
        location: scan.city ? { city: scan.city, country: scan.country } : {},
        scannedAt: iso(at),
      });
      if (isException && twist.kind === 'exception') {
        findings.push({
          ...base,
          exceptionType: 'carrier_exception',
          variant: twist.variant,
          trackingNumber: tn,
          injectedAt: at,
          detectableBy: at,
          evidenceEventId: event.eventId,
          note: `carrier scan ${scan.status}${scan.reason ? ` (${scan.reason})` : ''}`,
        });
      }
      if (scan.status === 'picked_up') {
        log.add('carrier.eta.updated', carrier.sourceSystem, at + MINUTE, parcelRefs, {
          ...ident,
          newEta: iso(etaOn(twist.kind === 'delivered_late' ? nominalArrival : arrival)),
        });
      }
      if (scan.status === 'delivered') {
        const short = twist.kind === 'delivered_short' && twist.trackingNumber === tn;
        const pod = log.add(
          'carrier.proof-of-delivery.recorded',
          carrier.sourceSystem,
          at + rng.between(MINUTE, 5 * MINUTE),
          parcelRefs,
          {
            ...ident,
            deliveredAt: iso(at),
            signedBy: `${rng.pick(['J.', 'M.', 'A.', 'L.'])} ${rng.pick(['SMITH', 'ROY', 'LEE', 'DUBOIS'])}`,
            location: { city: dest.city, country: dest.country },
            ...(short
              ? {
                  lines: parcel.lines.map((l) => ({
                    lineNo: l.lineNo,
                    sku: l.sku,
                    deliveredQty:
                      l.lineNo === twist.lineNo
                        ? Math.max(0, l.qty - Math.max(1, Math.ceil(l.qty / 3)))
                        : l.qty,
                  })),
                }
              : {}),
          },
        );
        if (short) {
          findings.push({
            ...base,
            exceptionType: 'delivered_late_or_short',
            variant: 'not_in_full',
            trackingNumber: tn,
            injectedAt: at,
            detectableBy: Date.parse(pod.occurredAt),
            evidenceEventId: pod.eventId,
            note: `line ${twist.lineNo} delivered short`,
          });
        }
        if (twist.kind === 'delivered_late' && p === 0) {
          findings.push({
            ...base,
            exceptionType: 'delivered_late_or_short',
            variant: 'late',
            trackingNumber: tn,
            injectedAt: promiseEnd,
            detectableBy: at,
            evidenceEventId: event.eventId,
            note: `delivered ${iso(at)} after promise ${promisedDeliveryDate}`,
          });
        }
      }
    }
    if (twist.kind === 'carrier_delay') {
      const at = (firstHop + arrival) / 2 + jitter;
      const late = promiseEnd + rng.between(20 * HOUR, 44 * HOUR);
      const delay = log.add('carrier.eta.updated', carrier.sourceSystem, at, parcelRefs, {
        ...ident,
        newEta: iso(late),
        previousEta: iso(etaOn(arrival)),
        reason: rng.pick(['weather', 'linehaul delay', 'hub congestion']),
      });
      log.add(
        'carrier.eta.updated',
        carrier.sourceSystem,
        at + rng.between(3 * HOUR, 8 * HOUR),
        parcelRefs,
        {
          ...ident,
          newEta: iso(etaOn(arrival)),
          previousEta: iso(late),
          reason: 'recovered on next linehaul',
        },
      );
      if (p === 0) {
        findings.push({
          ...base,
          exceptionType: 'carrier_delay',
          variant: 'eta_after_promise',
          trackingNumber: tn,
          injectedAt: at,
          detectableBy: at,
          evidenceEventId: delay.eventId,
          note: `ETA ${iso(late)} after promise ${promisedDeliveryDate}`,
        });
      }
    }
    if (stallGap && p === 0) {
      findings.push({
        ...base,
        exceptionType: 'stalled_shipment',
        variant: facts.customer.international ? 'international' : 'domestic',
        trackingNumber: tn,
        injectedAt: stallGap.from + jitter,
        detectableBy: stallGap.from + jitter + stallThresholdHours * HOUR,
        note: `no scan from ${iso(stallGap.from + jitter)} to ${iso(stallGap.to + jitter)}`,
      });
    }
  });
  return { deliveredAt, promisedDeliveryDate, findings };
}

const EXCEPTION_TEXT: Record<CarrierExceptionVariant, string> = {
  damaged: 'Package damaged in transit',
  lost: 'Package cannot be located',
  address_problem: 'Incorrect or incomplete address',
  refused: 'Delivery refused by consignee',
  delivery_attempt_failed: 'Delivery attempt failed',
  customs_hold: 'Held by customs: documents required',
};

const RESOLVED_TEXT: Record<CarrierExceptionVariant, string> = {
  damaged: 'Package repackaged, in transit',
  lost: 'Package located, in transit',
  address_problem: 'Address corrected, in transit',
  refused: 'Consignee accepted redelivery, in transit',
  delivery_attempt_failed: 'Redelivery scheduled',
  customs_hold: 'Released by customs',
};
