import type { ShipmentEvent } from '../projection/events.js';
import type { OrderView } from '../projection/order-view.js';
import type { ShipmentView } from '../projection/shipment-view.js';
import { boostForTier, type DetectorPolicy } from '../policy.js';
import type { Priority, Subject } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfShipment } from './party.js';
import { evidenceOf, scanEvidenceId, timerId, type Signal } from './signals.js';

export interface ShipmentRuleInput {
  event: ShipmentEvent;
  /** The view before and after the event. */
  before?: ShipmentView;
  shipment: ShipmentView;
  order?: OrderView;
  policy: DetectorPolicy;
  /** When the detector took the event in (its clock). */
  now?: Date;
}

const subjectOf = (s: ShipmentView): Subject => ({ kind: 'shipment', id: s.shipmentId });
const tierOf = (i: ShipmentRuleInput) => i.shipment.tier ?? i.order?.tier;
const prio = (i: ShipmentRuleInput, p: Priority) => boostForTier(i.policy, p, tierOf(i));

function clear(
  i: ShipmentRuleInput,
  caseType: 'carrier_delay' | 'stalled_shipment' | 'carrier_exception',
  reason: string,
  /** What ended it, when that is not the event itself (a scan the event reports). */
  cause: { eventId: string; type: string; occurredAt: string } = i.event,
): Signal {
  return {
    kind: 'clear',
    caseType,
    subject: subjectOf(i.shipment),
    reason,
    evidence: evidenceOf(cause, `${i.event.type} on ${i.shipment.shipmentId}: ${reason}`),
  };
}

/**
 * Stalled shipment: the shipment service reports each silence (shipment.no-scan-yet), from its
 * timer or proven by the history, since only it folds every scan into the shipment. The report
 * is held until the detector's own source watermark passes its deadline, or the moment the
 * report came in if that is later, then checked against the carriers' scans as sent: a report
 * made while the shipment service lagged names a silence a scan already broke, and a scan the
 * carrier sent before the report came in (a backlog, read on another partition) must be read
 * before the silence is judged. A scan after the silence ends the case; the case cites that scan,
 * which is how a second report of the same stall finds it (timer-rules.ts).
 */
function stalled(i: ShipmentRuleInput): Signal[] {
  const { event, shipment, before } = i;
  if (event.type === 'shipment.delivered') return [clear(i, 'stalled_shipment', 'delivered')];
  if (event.type === 'shipment.no-scan-yet') {
    const p = event.payload;
    const due = new Date(Date.parse(p.silentSince) + p.thresholdHours * 3_600_000);
    const judgeFrom = i.now && i.now > due ? i.now : due;
    return [
      {
        kind: 'schedule',
        timer: {
          timerId: timerId('stalled_shipment', shipment.shipmentId, p.silentSince),
          kind: 'stalled_shipment',
          subject: subjectOf(shipment),
          dueAt: judgeFrom.toISOString(),
          detail: {
            silentSince: p.silentSince,
            silenceDueAt: due.toISOString(),
            // The carrier's feed: its scans may reach the topic later than other feeds' sends
            // (the doors), so the timer waits for that feed's own lag (db/timers nextDueTimer).
            feed: `carrier:${shipment.carrier}`,
            thresholdHours: p.thresholdHours,
            reportId: event.eventId,
            reportType: event.type,
            reportAt: event.occurredAt,
          },
        },
      },
    ];
  }
  if (shipment.lastScanAt && shipment.lastScanAt !== before?.lastScanAt) {
    const scan = {
      eventId: scanEvidenceId(shipment.shipmentId, shipment.lastScanAt),
      type: 'carrier.tracking.scanned',
      occurredAt: shipment.lastScanAt,
    };
    return [clear(i, 'stalled_shipment', `carrier scanned again at ${shipment.lastScanAt}`, scan)];
  }
  return [];
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

/** The shipment-side rules that need only the shipment's own events, in catalog order. */
export function shipmentRules(i: ShipmentRuleInput): Signal[] {
  return [...stalled(i), ...carrierException(i)];
}

/** A shipment confirmed or moving means its order shipped: the late-shipment watch ends. */
export function shippedSignals(i: ShipmentRuleInput): Signal[] {
  const { shipment, event } = i;
  return [
    {
      kind: 'cancel',
      timerId: timerId('late_shipment', shipment.orderId),
      // Shipped after the deadline: the deadline was missed, the timer must still fire.
      ...(shipment.shippedAt ? { asOf: shipment.shippedAt } : {}),
    },
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
