import { describe, expect, it } from 'vitest';
import { carrierScorecards, type CarriedShipment } from './carrier-scorecard.js';

const ship = (more: Partial<CarriedShipment>): CarriedShipment => ({
  carrier: 'ups',
  shippedAt: '2025-03-04T10:00:00Z',
  firstScanAt: '2025-03-04T18:00:00Z',
  deliveredAt: null,
  deliverBy: null,
  hadException: false,
  damaged: false,
  scanGap: false,
  ...more,
});

describe('carrierScorecards', () => {
  it('scores each carrier on pickup, delivery against the promise, scans, exceptions and delay', () => {
    const [dhl, ups] = carrierScorecards([
      ship({ deliveredAt: '2025-03-06T10:00:00Z', deliverBy: '2025-03-06T23:00:00Z' }),
      ship({
        firstScanAt: '2025-03-05T12:00:00Z',
        deliveredAt: '2025-03-07T05:00:00Z',
        deliverBy: '2025-03-06T23:00:00Z',
        hadException: true,
        damaged: true,
      }),
      ship({ firstScanAt: null, scanGap: true, shippedAt: '2025-03-11T10:00:00Z' }),
      ship({ carrier: 'dhl' }),
    ]);
    expect(dhl).toMatchObject({
      carrier: 'dhl',
      shipments: 1,
      onTimeDelivery: null,
      meanDelayHours: null,
    });
    expect(ups).toEqual({
      carrier: 'ups',
      shipments: 3,
      onTimePickup: 1 / 3,
      onTimeDelivery: 1 / 2,
      trackingCompliance: 2 / 3,
      exceptionRate: 1 / 3,
      damageRate: 1 / 3,
      meanDelayHours: 6,
      trend: [
        { week: '2025-03-03', shipments: 2, onTimeDelivery: 1 / 2 },
        { week: '2025-03-10', shipments: 1, onTimeDelivery: null },
      ],
    });
  });

  it('has no figure rather than a made-up one when nothing can be judged', () => {
    expect(carrierScorecards([])).toEqual([]);
    const [only] = carrierScorecards([ship({ deliveredAt: '2025-03-06T10:00:00Z' })]);
    expect([only!.onTimeDelivery, only!.meanDelayHours]).toEqual([null, null]);
  });
});
