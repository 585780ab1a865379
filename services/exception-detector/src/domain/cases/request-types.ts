import { REQUEST_TYPES } from '@forewarn/contracts';
import type { SlaTarget } from '../policy.js';
import type { Tier } from '../types.js';

export type RequestType = (typeof REQUEST_TYPES)[number];

/** Where one kind of customer request goes and how fast it must be answered. */
export interface RequestRoute {
  /** The queue the case waits in when the customer has no named account CSR. */
  queue: string;
  /** The team that works the queue for this kind of request (shown to CSRs and leads). */
  team: string;
  /** Per tier: first response in business minutes, resolution in business-day hours. */
  sla: Record<Tier, SlaTarget>;
}

const t = (firstResponseBusinessMinutes: number, resolutionHours: number): SlaTarget => ({
  firstResponseBusinessMinutes,
  resolutionHours,
});
const H = 60;

/*
 * Targets from the guide (../shared/seeds, PRODUCT.md "Cases"): first response within 4-8 business
 * hours and resolution within 24-72 h for standard issues, faster for the priority tiers
 * (enterprise, then regional reseller). Where-is-it and delivery questions are answered from
 * tracking and carrier data the same day; what needs the carrier, customs or a claim
 * investigated gets the longer end of the range. Critical cases keep the 24x7 policy clock.
 */
const QUICK = { enterprise: t(1 * H, 24), regional_reseller: t(2 * H, 24), retail: t(4 * H, 24) };
const DELIVERY = {
  enterprise: t(1 * H, 24),
  regional_reseller: t(2 * H, 48),
  retail: t(4 * H, 48),
};
const INVESTIGATE = {
  enterprise: t(2 * H, 48),
  regional_reseller: t(4 * H, 72),
  retail: t(8 * H, 72),
};

/** The one table of customer request types: routing and SLA targets, nowhere else. */
export const REQUEST_ROUTES: Readonly<Record<RequestType, RequestRoute>> = {
  track_parcel: { queue: 'customer_care', team: 'tracking', sla: QUICK },
  lost_tracking_number: { queue: 'customer_care', team: 'tracking', sla: QUICK },
  delivery_date_time: { queue: 'customer_care', team: 'tracking', sla: QUICK },
  parcel_not_received: { queue: 'transportation', team: 'carrier_liaison', sla: INVESTIGATE },
  reschedule_delivery: { queue: 'delivery', team: 'delivery_desk', sla: DELIVERY },
  second_delivery_attempt: { queue: 'delivery', team: 'delivery_desk', sla: DELIVERY },
  locate_pickup_point: { queue: 'delivery', team: 'delivery_desk', sla: QUICK },
  collect_order: { queue: 'delivery', team: 'delivery_desk', sla: DELIVERY },
  international_shipment: { queue: 'transportation', team: 'international', sla: INVESTIGATE },
  held_in_customs: { queue: 'transportation', team: 'customs_brokerage', sla: INVESTIGATE },
  damaged_parcel: { queue: 'claims', team: 'claims', sla: INVESTIGATE },
  file_claim: { queue: 'claims', team: 'claims', sla: INVESTIGATE },
};

/** The queues customer requests land in (for queue filters). */
export const REQUEST_QUEUES: readonly string[] = [
  ...new Set(Object.values(REQUEST_ROUTES).map((r) => r.queue)),
].sort();

/** The SLA target of a request of this type from a customer of this tier (retail when unknown). */
export const requestSla = (type: RequestType, tier: Tier | undefined): SlaTarget =>
  REQUEST_ROUTES[type].sla[tier ?? 'retail'];
