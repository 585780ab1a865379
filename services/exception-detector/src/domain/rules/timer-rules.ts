import { isShipped, type OrderView } from '../projection/order-view.js';
import { MOVING, type ShipmentView } from '../projection/shipment-view.js';
import { boostForTier, type TenantPolicy } from '../policy.js';
import type { Evidence } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfOrder, partyOfShipment } from './party.js';
import type { Detection, TimerSpec } from './signals.js';

export interface FiredTimerInput {
  timer: TimerSpec;
  order?: OrderView;
  shipment?: ShipmentView;
  policy: TenantPolicy;
}

/** The evidence of an absence: the deadline itself. */
export function timerEvidence(timer: TimerSpec, summary: string): Evidence {
  return {
    eventId: `timer:${timer.timerId}@${timer.dueAt}`,
    type: `timer.${timer.kind}`,
    occurredAt: timer.dueAt,
    summary,
  };
}

/**
 * What an absence rule concludes when its deadline passed. The projection is checked again, so
 * a timer whose cancellation was lost still cannot open a case for something that happened.
 */
export function onTimerFired({ timer, order, shipment, policy }: FiredTimerInput): Detection[] {
  const d = timer.detail ?? {};
  switch (timer.kind) {
    case 'late_shipment': {
      if (!order || isShipped(order)) return [];
      const critical = order.lines.find((l) => l.critical);
      return [
        {
          kind: 'detect',
          caseType: 'late_shipment_risk',
          subject: timer.subject,
          priority: boostForTier(
            policy,
            critical ? 'high' : catalog.late_shipment_risk!.severity,
            order.tier,
          ),
          queue: catalog.late_shipment_risk!.queue,
          title: `${order.orderId} missed its promised ship date`,
          explanation: `${order.orderId} (PO ${order.poNumber}) was promised to ship by ${order.promisedShipDate} and has no ship-confirm at the end of that business day; delivery by ${order.promisedDeliveryDate} is at risk.`,
          evidence: timerEvidence(
            timer,
            `No ship-confirm by end of business ${order.promisedShipDate}`,
          ),
          party: partyOfOrder(order),
          facts: { issue: 'late' },
        },
      ];
    }
    case 'stalled_shipment': {
      if (!shipment?.status || !MOVING.includes(shipment.status)) return [];
      const since = String(d['silentSince'] ?? '');
      if ((shipment.lastScanAt ?? shipment.shippedAt) !== since) return [];
      return [
        {
          kind: 'detect',
          caseType: 'stalled_shipment',
          subject: timer.subject,
          priority: boostForTier(
            policy,
            catalog.stalled_shipment!.severity,
            shipment.tier ?? order?.tier,
          ),
          queue: catalog.stalled_shipment!.queue,
          title: `No carrier scan for ${shipment.shipmentId} in ${d['thresholdHours']} h`,
          explanation: `${shipment.carrier.toUpperCase()} has not scanned ${shipment.trackingNumbers[0] ?? shipment.shipmentId} since ${since} (${shipment.international ? 'international' : 'domestic'} threshold ${d['thresholdHours']} h).`,
          evidence: timerEvidence(timer, `Silent since ${since}`),
          party: partyOfShipment(shipment, order),
          facts: {
            issue: 'late',
            ...(shipment.freightCost ? { freightCost: shipment.freightCost } : {}),
          },
        },
      ];
    }
    case 'returns_overdue': {
      if (!order) return [];
      return [
        {
          kind: 'detect',
          caseType: 'returns_overdue',
          subject: timer.subject,
          priority: boostForTier(policy, catalog.returns_overdue!.severity, order.tier),
          queue: catalog.returns_overdue!.queue,
          title: `Return ${d['rmaId']} not credited after ${policy.returnsCreditDays} days`,
          explanation: `Return ${d['rmaId']} on ${order.orderId} was received ${d['receivedAt']} and is still not credited; the policy is ${policy.returnsCreditDays} calendar days.`,
          evidence: timerEvidence(timer, `No credit for ${d['rmaId']} by ${timer.dueAt}`),
          party: partyOfOrder(order),
          facts: { issue: 'returns' },
        },
      ];
    }
    case 'feed_stalled':
      return [
        {
          kind: 'detect',
          caseType: 'source_feed_stalled',
          subject: timer.subject,
          priority: 'critical',
          queue: catalog.source_feed_stalled!.queue,
          title: `${timer.subject.id} has gone quiet`,
          explanation: `No event from ${timer.subject.id} since ${d['lastSeenAt']} (${d['silentMinutes']} business minutes of its active hours).`,
          evidence: timerEvidence(timer, `Silent since ${d['lastSeenAt']}`),
          party: {},
          facts: { issue: 'none' },
        },
      ];
    default:
      return [];
  }
}
