import { REQUEST_TYPES } from '@forewarn/contracts';
import { businessMinutesBetween } from '@forewarn/domain';
import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import { slaCalendar } from '../sla/sla.js';
import type { Tier } from '../types.js';
import { decideRequest } from './customer-request.js';
import { REQUEST_ROUTES, type RequestType } from './request-types.js';

// Thursday 09:30 in New York: a business day with the whole afternoon ahead.
const now = new Date('2025-03-06T14:30:00Z');
const tiers: Tier[] = ['enterprise', 'regional_reseller', 'retail'];

/** The spec, one row per request type: queue, team, retail first response (business hours). */
const expected: [RequestType, string, string, number][] = [
  ['track_parcel', 'customer_care', 'tracking', 4],
  ['lost_tracking_number', 'customer_care', 'tracking', 4],
  ['parcel_not_received', 'transportation', 'carrier_liaison', 8],
  ['reschedule_delivery', 'delivery', 'delivery_desk', 4],
  ['delivery_date_time', 'customer_care', 'tracking', 4],
  ['damaged_parcel', 'claims', 'claims', 8],
  ['second_delivery_attempt', 'delivery', 'delivery_desk', 4],
  ['locate_pickup_point', 'delivery', 'delivery_desk', 4],
  ['international_shipment', 'transportation', 'international', 8],
  ['held_in_customs', 'transportation', 'customs_brokerage', 8],
  ['collect_order', 'delivery', 'delivery_desk', 4],
  ['file_claim', 'claims', 'claims', 8],
];

const open = (type: RequestType, tier: Tier, accountRepId?: string) =>
  decideRequest(
    policy,
    {
      requestId: `rq-${type}-${tier}`,
      requestType: type,
      receivedAt: now.toISOString(),
      subject: { kind: 'order', id: 'SO-1' },
      party: {
        customerId: 'C-1',
        tier,
        orderId: 'SO-1',
        timezone: 'America/New_York',
        ...(accountRepId ? { accountRepId } : {}),
      },
    },
    [],
    now,
  ).case;

describe('the twelve customer request types', () => {
  it('the table covers exactly the contract request types', () => {
    expect(Object.keys(REQUEST_ROUTES).sort()).toEqual([...REQUEST_TYPES].sort());
    expect(expected.map(([t]) => t).sort()).toEqual([...REQUEST_TYPES].sort());
  });

  it.each(expected)('%s goes to the %s queue (%s team)', (type, queue, team, retailHours) => {
    const route = REQUEST_ROUTES[type];
    expect({ queue: route.queue, team: route.team }).toEqual({ queue, team });
    expect(route.sla.retail.firstResponseBusinessMinutes).toBe(retailHours * 60);
    const c = open(type, 'retail');
    expect(c.assignee).toEqual({ queue });
    expect(c.origin).toBe('customer');
    // The named account CSR still comes first; the queue is where it waits otherwise.
    expect(open(type, 'retail', 'csr-jane').assignee).toEqual({ userId: 'csr-jane', queue });
  });

  it.each(REQUEST_TYPES.flatMap((type) => tiers.map((tier) => [type, tier] as const)))(
    '%s from a %s customer runs the first-response clock of its row',
    (type, tier) => {
      const c = open(type, tier);
      const cal = slaCalendar(policy, c.party, c.priority);
      const target = REQUEST_ROUTES[type].sla[tier];
      expect(businessMinutesBetween(cal, now, new Date(c.sla.firstResponseDueAt))).toBe(
        target.firstResponseBusinessMinutes,
      );
      expect(Date.parse(c.sla.resolutionDueAt)).toBeGreaterThanOrEqual(
        now.getTime() + target.resolutionHours * 3_600_000,
      );
    },
  );

  it.each(REQUEST_TYPES)(
    '%s keeps within the guide: first response <= 8 business hours, resolution 24-72 h, priority tiers never slower',
    (type) => {
      const { sla } = REQUEST_ROUTES[type];
      for (const tier of tiers) {
        expect(sla[tier].firstResponseBusinessMinutes).toBeLessThanOrEqual(8 * 60);
        expect(sla[tier].resolutionHours).toBeGreaterThanOrEqual(24);
        expect(sla[tier].resolutionHours).toBeLessThanOrEqual(72);
      }
      expect(sla.enterprise.firstResponseBusinessMinutes).toBeLessThanOrEqual(
        sla.regional_reseller.firstResponseBusinessMinutes,
      );
      expect(sla.regional_reseller.firstResponseBusinessMinutes).toBeLessThanOrEqual(
        sla.retail.firstResponseBusinessMinutes,
      );
    },
  );

  it('two types differ where the table says: a customs hold is answered later than a tracking question', () => {
    const track = open('track_parcel', 'retail');
    const customs = open('held_in_customs', 'retail');
    expect(Date.parse(customs.sla.firstResponseDueAt)).toBeGreaterThan(
      Date.parse(track.sla.firstResponseDueAt),
    );
    expect(customs.assignee.queue).not.toBe(track.assignee.queue);
  });
});
