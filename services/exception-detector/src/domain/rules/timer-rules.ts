import { isShipped, type OrderView } from '../projection/order-view.js';
import type { ShipmentView } from '../projection/shipment-view.js';
import { boostForTier, type DetectorPolicy } from '../policy.js';
import type { Evidence } from '../types.js';
import { catalog } from './catalog.js';
import { partyOfOrder, partyOfShipment } from './party.js';
import { outageOfTimer, timerEvidenceId, type FeedState } from './feed-rules.js';
import {
  scanEvidenceId,
  type Clearance,
  type Detection,
  type Signal,
  type TimerSpec,
} from './signals.js';

export interface FiredTimerInput {
  timer: TimerSpec;
  order?: OrderView;
  shipment?: ShipmentView;
  /** The carrier scan times of the shipment's parcels, as the carriers sent them. */
  scans?: readonly string[];
  /** Earliest known ship-confirm (or cancellation) of the order, from either topic. */
  shippedAt?: string;
  feed?: FeedState;
  policy: DetectorPolicy;
}

const atOrBefore = (a: string | undefined, b: string) =>
  a !== undefined && Date.parse(a) <= Date.parse(b);

/** The fact that ended the absence arrived after the deadline: the case opens and closes at once. */
function endedLate(
  d: Detection,
  reason: string,
  evidence: { eventId: string; type: string; occurredAt: string },
): Signal[] {
  const clear: Clearance = {
    kind: 'clear',
    caseType: d.caseType,
    subject: d.subject,
    reason,
    evidence: { ...evidence, summary: reason },
  };
  return [d, clear];
}

/** The evidence of an absence: the deadline itself. */
export function timerEvidence(timer: TimerSpec, summary: string): Evidence {
  return {
    eventId: timerEvidenceId(timer),
    type: `timer.${timer.kind}`,
    occurredAt: timer.dueAt,
    summary,
  };
}

/**
 * What an absence rule concludes when its deadline passed (judged a grace period later). The
 * projection is checked again against the deadline: what happened before it means there was no
 * absence, even if it arrived after the timer was armed; what happened only after it ends the
 * case it opens.
 */
export function onTimerFired(input: FiredTimerInput): Signal[] {
  const { timer } = input;
  switch (timer.kind) {
    case 'late_shipment':
      return lateShipment(input);
    case 'returns_overdue':
      return returnsOverdue(input);
    case 'stalled_shipment':
      return stalledShipment(input);
    case 'feed_stalled':
      return feedStalled(input);
    default:
      return [];
  }
}

function lateShipment({ timer, order, shippedAt, policy }: FiredTimerInput): Signal[] {
  if (!order || atOrBefore(shippedAt, timer.dueAt)) return [];
  // A view that says shipped without a time (an older projection) is taken as shipped in time.
  if (!shippedAt && isShipped(order)) return [];
  const critical = order.lines.find((l) => l.critical);
  const detection: Detection = {
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
    explanation: `${order.orderId} (PO ${order.poNumber}) was promised to ship on ${order.promisedShipDate} and had no ship-confirm when that day ended; delivery by ${order.promisedDeliveryDate} is at risk.`,
    evidence: timerEvidence(timer, `No ship-confirm by the end of ${order.promisedShipDate}`),
    party: partyOfOrder(order),
    facts: { issue: 'late' },
  };
  if (!shippedAt) return [detection];
  return endedLate(detection, `shipped ${shippedAt}, after the promised ship date`, {
    eventId: `shipped:${order.orderId}@${shippedAt}`,
    type: 'order.shipped',
    occurredAt: shippedAt,
  });
}

function returnsOverdue({ timer, order, policy }: FiredTimerInput): Signal[] {
  const d = timer.detail ?? {};
  if (!order) return [];
  const rmaId = String(d['rmaId'] ?? '');
  const creditedAt = order.credits?.[rmaId];
  if (atOrBefore(creditedAt, timer.dueAt)) return [];
  const detection: Detection = {
    kind: 'detect',
    caseType: 'returns_overdue',
    subject: timer.subject,
    priority: boostForTier(policy, catalog.returns_overdue!.severity, order.tier),
    queue: catalog.returns_overdue!.queue,
    title: `Return ${rmaId} not credited after ${policy.returnsCreditDays} days`,
    explanation: `Return ${rmaId} on ${order.orderId} was received ${d['receivedAt']} and was not credited within ${policy.returnsCreditDays} calendar days.`,
    evidence: timerEvidence(timer, `No credit for ${rmaId} by ${timer.dueAt}`),
    party: partyOfOrder(order),
    facts: { issue: 'returns' },
  };
  if (!creditedAt) return [detection];
  return endedLate(detection, `return ${rmaId} credited ${creditedAt}`, {
    eventId: `credited:${order.orderId}:${rmaId}@${creditedAt}`,
    type: 'order.return-credited',
    occurredAt: creditedAt,
  });
}

function feedStalled({ timer, feed, policy }: FiredTimerInput): Signal[] {
  const d = timer.detail ?? {};
  const since = String(d['lastSeenAt'] ?? '');
  // Its outage, judged from the feed's stalls (any arrival order), else from the link it carries.
  const judged = outageOfTimer(feed, timer, policy);
  const own = timerEvidenceId(timer);
  const outage = judged?.root ?? (d['outage'] !== undefined ? String(d['outage']) : own);
  const detection: Detection = {
    kind: 'detect',
    caseType: 'source_feed_stalled',
    subject: timer.subject,
    priority: 'critical',
    queue: catalog.source_feed_stalled!.queue,
    title: `${timer.subject.id} has gone quiet`,
    explanation: `No event from ${timer.subject.id} since ${since}: ${d['silentMinutes']} minutes without a message, now inside its active hours.`,
    evidence: timerEvidence(timer, `Silent since ${since}`),
    party: {},
    facts: { issue: 'none' },
    // A silence split off a stall by a late send is that stall's outage: never a case of its own.
    ...(outage !== own ? { episode: [outage] } : {}),
  };
  // Sends after the flag instant that arrived before the timer fired: the stall was real, and is
  // over once its outage has settled (feedStep). The feed still recovering from this outage (its
  // first stall's evidence is the feed's current outage): the case stays open.
  if (!feed?.lastSentAt || Date.parse(feed.lastSentAt) <= Date.parse(since)) return [detection];
  const recovering = judged
    ? !judged.settled
    : feed.resumedAt !== undefined && (feed.outage === undefined || feed.outage === outage);
  if (recovering) return [detection];
  const [opened, cleared] = endedLate(detection, `${timer.subject.id} sends events again`, {
    eventId: feed.lastEventId ?? `sent:${timer.subject.id}@${feed.lastSentAt}`,
    type: feed.lastType ?? 'source.event',
    occurredAt: feed.lastSentAt,
  }) as [Detection, Clearance];
  // Only this outage's case: a later outage's, open meanwhile, ends when that one settles.
  return [opened, { ...cleared, onlyCiting: outage }];
}

/** A reported silence, judged once the scans sent before its deadline are all in. */
function stalledShipment({
  timer,
  order,
  shipment,
  scans = [],
  policy,
}: FiredTimerInput): Signal[] {
  const d = timer.detail ?? {};
  // Timers of earlier versions (the detector's own watch) carry no report: nothing to judge.
  if (!shipment || d['reportId'] === undefined) return [];
  const since = String(d['silentSince']);
  // Timers armed before the report's arrival time was kept are due at the silence's deadline.
  const [from, due] = [Date.parse(since), Date.parse(String(d['silenceDueAt'] ?? timer.dueAt))];
  if (scans.some((t) => Date.parse(t) > from && Date.parse(t) < due)) return [];
  const detection: Detection = {
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
    explanation: `${shipment.carrier.toUpperCase()} has not scanned ${shipment.trackingNumbers[0] ?? shipment.shipmentId} since ${since}.`,
    evidence: {
      eventId: String(d['reportId']),
      type: String(d['reportType']),
      occurredAt: String(d['reportAt']),
      summary: `Silent since ${since} (${d['thresholdHours']} h threshold)`,
    },
    party: partyOfShipment(shipment, order),
    facts: {
      issue: 'late',
      ...(shipment.freightCost ? { freightCost: shipment.freightCost } : {}),
    },
  };
  const next = scans.find((t) => Date.parse(t) >= due);
  if (!next) return [detection];
  // A scan inside the silence may have arrived only with the one that ended it: the stall was
  // then reported twice (since the scan before, and since the late one), and the case of the
  // first report, ended by that same scan, is this stall's case.
  const ending = scanEvidenceId(shipment.shipmentId, next);
  return endedLate({ ...detection, episode: [ending] }, `carrier scanned again at ${next}`, {
    eventId: ending,
    type: 'carrier.tracking.scanned',
    occurredAt: next,
  });
}
