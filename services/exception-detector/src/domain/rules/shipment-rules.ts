import { localDate } from '../calendar/business-calendar.js';
import { calendarFor } from '../calendar/regions.js';
import type { ShipmentEvent } from '../projection/events.js';
import type { OrderView } from '../projection/order-view.js';
import { MOVING, type ShipmentView } from '../projection/shipment-view.js';
import { boostForTier, type TenantPolicy } from '../policy.js';
import type { Money, Priority, Subject } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfShipment } from './party.js';
import { evidenceOf, timerId, type Signal } from './signals.js';

export interface ShipmentRuleInput {
  event: ShipmentEvent;
  /** The view before and after the event. */
  before?: ShipmentView;
  shipment: ShipmentView;
  order?: OrderView;
  policy: TenantPolicy;
}

const HOUR_MS = 3_600_000;
const subjectOf = (s: ShipmentView): Subject => ({ kind: 'shipment', id: s.shipmentId });
const calOf = (i: ShipmentRuleInput) =>
  calendarFor(i.policy.calendars, i.order?.region, i.shipment.timezone ?? i.order?.timezone);
const promisedDelivery = (i: ShipmentRuleInput) =>
  i.shipment.promisedDeliveryDate ?? i.order?.promisedDeliveryDate;
const tierOf = (i: ShipmentRuleInput) => i.shipment.tier ?? i.order?.tier;
const prio = (i: ShipmentRuleInput, p: Priority) => boostForTier(i.policy, p, tierOf(i));

function clear(
  i: ShipmentRuleInput,
  caseType: 'carrier_delay' | 'stalled_shipment' | 'carrier_exception',
  reason: string,
): Signal {
  return {
    kind: 'clear',
    caseType,
    subject: subjectOf(i.shipment),
    reason,
    evidence: evidenceOf(i.event, `${i.event.type} on ${i.shipment.shipmentId}: ${reason}`),
  };
}

function carrierDelay(i: ShipmentRuleInput): Signal[] {
  const { event, shipment } = i;
  if (event.type === 'shipment.delivered') return [clear(i, 'carrier_delay', 'delivered')];
  const eta =
    event.type === 'shipment.eta-changed'
      ? event.payload.eta
      : event.type === 'shipment.status-changed'
        ? event.payload.eta
        : undefined;
  const promise = promisedDelivery(i);
  if (!eta || !promise) return [];
  const etaDay = localDate(calOf(i), new Date(eta));
  if (etaDay <= promise)
    return [clear(i, 'carrier_delay', `ETA ${etaDay} is within the promise (${promise})`)];
  return [
    {
      kind: 'detect',
      caseType: 'carrier_delay',
      subject: subjectOf(shipment),
      priority: prio(i, catalog.carrier_delay!.severity),
      queue: catalog.carrier_delay!.queue,
      title: `${shipment.carrier.toUpperCase()} now expects ${shipment.shipmentId} after the promised date`,
      explanation: `The carrier ETA is ${etaDay}, after the promised delivery date ${promise}; the order is at risk of missing OTIF.`,
      evidence: evidenceOf(event, `ETA ${eta} > promised ${promise}`),
      party: partyOfShipment(shipment, i.order),
      facts: {
        issue: 'late',
        ...(shipment.freightCost ? { freightCost: shipment.freightCost } : {}),
      },
    },
  ];
}

function stalled(i: ShipmentRuleInput): Signal[] {
  const { event, shipment, before, policy } = i;
  const id = timerId('stalled_shipment', shipment.tenantId, shipment.shipmentId);
  if (event.type === 'shipment.delivered') {
    return [{ kind: 'cancel', timerId: id }, clear(i, 'stalled_shipment', 'delivered')];
  }
  if (event.type === 'shipment.no-scan-yet') {
    const p = event.payload;
    return [
      {
        kind: 'detect',
        caseType: 'stalled_shipment',
        subject: subjectOf(shipment),
        priority: prio(i, catalog.stalled_shipment!.severity),
        queue: catalog.stalled_shipment!.queue,
        title: `No carrier scan for ${shipment.shipmentId} in ${p.thresholdHours} h`,
        explanation: `${shipment.carrier.toUpperCase()} has not scanned ${shipment.trackingNumbers[0] ?? shipment.shipmentId} since ${p.silentSince}.`,
        evidence: evidenceOf(
          event,
          `Silent since ${p.silentSince} (${p.thresholdHours} h threshold)`,
        ),
        party: partyOfShipment(shipment, i.order),
        facts: {
          issue: 'late',
          ...(shipment.freightCost ? { freightCost: shipment.freightCost } : {}),
        },
      },
    ];
  }
  if (!shipment.status || !MOVING.includes(shipment.status))
    return [{ kind: 'cancel', timerId: id }];
  const since = shipment.lastScanAt ?? shipment.shippedAt;
  if (!since) return [];
  const hours = shipment.international
    ? policy.stalledHours.international
    : policy.stalledHours.domestic;
  const signals: Signal[] = [
    {
      kind: 'schedule',
      timer: {
        timerId: id,
        kind: 'stalled_shipment',
        tenantId: shipment.tenantId,
        subject: subjectOf(shipment),
        dueAt: new Date(Date.parse(since) + hours * HOUR_MS).toISOString(),
        detail: { silentSince: since, thresholdHours: hours },
      },
    },
  ];
  if (shipment.lastScanAt && shipment.lastScanAt !== before?.lastScanAt) {
    signals.push(clear(i, 'stalled_shipment', `carrier scanned again at ${shipment.lastScanAt}`));
  }
  return signals;
}

const EXCEPTION_WORDS: Record<string, string> = {
  damaged: 'reported the goods damaged',
  lost: 'reported the shipment lost',
  address_problem: 'cannot deliver: address problem',
  refused: 'reports the delivery was refused',
  customs_hold: 'reports the shipment held in customs',
  delivery_attempt_failed: 'failed a delivery attempt',
};

function carrierException(i: ShipmentRuleInput): Signal[] {
  const { event, shipment } = i;
  if (event.type === 'shipment.exception-scanned') {
    const p = event.payload;
    const what =
      p.status === 'delivery_attempt_failed'
        ? 'delivery_attempt_failed'
        : (p.exceptionReason ?? '');
    const words = EXCEPTION_WORDS[what];
    if (!words) return []; // weather or plain delay: the ETA rule judges those
    const severe = what === 'lost' || what === 'damaged';
    const value = i.order?.orderValue;
    const critical = i.order?.lines.find((l) => l.critical);
    return [
      {
        kind: 'detect',
        caseType: 'carrier_exception',
        subject: subjectOf(shipment),
        priority: prio(i, severe ? 'high' : catalog.carrier_exception!.severity),
        queue: catalog.carrier_exception!.queue,
        title: `${shipment.carrier.toUpperCase()} ${words} (${shipment.shipmentId})`,
        explanation: `${shipment.carrier.toUpperCase()} ${words} for tracking ${p.trackingNumber}${p.description ? `: ${p.description}` : ''}${p.location?.city ? ` at ${p.location.city}` : ''}.`,
        evidence: evidenceOf(event, `${what}${p.description ? `: ${p.description}` : ''}`),
        party: partyOfShipment(shipment, i.order),
        facts: severe
          ? {
              issue: 'product',
              ...(value ? { claimValue: value, orderValue: value } : {}),
              ...(critical ? { criticalSku: critical.sku } : {}),
            }
          : {
              issue: 'late',
              ...(shipment.freightCost ? { freightCost: shipment.freightCost } : {}),
            },
      },
    ];
  }
  if (shipment.damagedReported) return [];
  if (event.type === 'shipment.delivered') return [clear(i, 'carrier_exception', 'delivered')];
  if (
    event.type === 'shipment.status-changed' &&
    ['in_transit', 'out_for_delivery'].includes(event.payload.status)
  ) {
    return [
      clear(i, 'carrier_exception', `carrier scan: ${event.payload.status.replaceAll('_', ' ')}`),
    ];
  }
  return [];
}

function deliveredLateOrShort(i: ShipmentRuleInput): Signal[] {
  const { event, shipment, order } = i;
  if (event.type !== 'shipment.delivered') return [];
  const p = event.payload;
  const promise = promisedDelivery(i);
  const deliveredDay = localDate(calOf(i), new Date(p.deliveredAt));
  const late = promise !== undefined && deliveredDay > promise;
  const short = p.lines.filter((l) => l.deliveredQty < l.shippedQty);
  if (!late && short.length === 0) return [];
  const price = (lineNo: number): Money | undefined =>
    order?.lines.find((l) => l.lineNo === lineNo)?.unitPrice;
  const claimMinor = short.reduce(
    (sum, l) => sum + (price(l.lineNo)?.amountMinor ?? 0) * (l.shippedQty - l.deliveredQty),
    0,
  );
  const currency = order?.orderValue?.currency ?? p.freightCost.currency;
  const critical = short
    .map((l) => order?.lines.find((o) => o.lineNo === l.lineNo))
    .find((l) => l?.critical);
  const parts = [
    ...(late ? [`delivered ${deliveredDay}, after the promised ${promise}`] : []),
    ...short.map(
      (l) => `line ${l.lineNo} ${l.sku}: ${l.deliveredQty} of ${l.shippedQty} delivered`,
    ),
  ];
  return [
    {
      kind: 'detect',
      caseType: 'delivered_late_or_short',
      subject: subjectOf(shipment),
      priority: prio(i, catalog.delivered_late_or_short!.severity),
      queue: catalog.delivered_late_or_short!.queue,
      title: `${shipment.shipmentId} ${late && short.length ? 'late and short' : late ? 'delivered late' : 'delivered short'}`,
      explanation: `OTIF miss on ${shipment.orderId}: ${parts.join('; ')}.`,
      evidence: evidenceOf(event, parts.join('; ')),
      party: partyOfShipment(shipment, order),
      facts:
        short.length > 0
          ? {
              issue: 'product',
              claimValue: { amountMinor: claimMinor, currency },
              ...(order?.orderValue ? { orderValue: order.orderValue } : {}),
              affectedLines: short.length,
              ...(critical ? { criticalSku: critical.sku } : {}),
            }
          : { issue: 'late', freightCost: p.freightCost },
    },
  ];
}

/** Every shipment-side rule, in catalog order. */
export function shipmentRules(i: ShipmentRuleInput): Signal[] {
  return [...carrierDelay(i), ...stalled(i), ...carrierException(i), ...deliveredLateOrShort(i)];
}

/** A shipment confirmed or moving means its order shipped: the late-shipment watch ends. */
export function shippedSignals(i: ShipmentRuleInput): Signal[] {
  const { shipment, event } = i;
  return [
    { kind: 'cancel', timerId: timerId('late_shipment', shipment.tenantId, shipment.orderId) },
    {
      kind: 'clear',
      caseType: 'late_shipment_risk',
      subject: { kind: 'order', id: shipment.orderId },
      reason: `shipped as ${shipment.shipmentId}`,
      evidence: evidenceOf(
        event,
        `Shipment ${shipment.shipmentId} left with ${shipment.carrier.toUpperCase()}`,
      ),
    },
  ];
}
