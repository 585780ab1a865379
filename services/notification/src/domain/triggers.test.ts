import { sampleEvent } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { interpret } from './interpret.js';

// The sample order promises delivery by the end of Friday 7 March 2025, New York time.
const deliverBy = '2025-03-08T04:59:59.999Z';
const eta = (eta: string, previousEta: string | null, extra: Record<string, unknown> = {}) =>
  interpret(
    sampleEvent('shipment.eta-changed', { payload: { eta, previousEta, deliverBy, ...extra } }),
  ).trigger;

describe('shipment notices', () => {
  it('given an ETA moving past the promise, then a delay notice with the new ETA against the promise', () => {
    expect(eta('2025-03-10T17:00:00Z', '2025-03-07T17:00:00Z')).toMatchObject({
      template: 'shipment.delayed',
      customerTier: 'enterprise',
      data: {
        eta: '2025-03-10T17:00:00Z',
        promisedDeliveryDate: '2025-03-07',
        deliverBy,
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      },
    });
  });

  it('given an ETA still within the promise, even later than before, then nothing to tell', () => {
    expect(eta('2025-03-07T20:00:00Z', '2025-03-07T17:00:00Z')).toBeNull();
  });

  it('given a late ETA slipping further, then another delay notice; earlier but still late says nothing', () => {
    expect(eta('2025-03-12T17:00:00Z', '2025-03-10T17:00:00Z')?.template).toBe('shipment.delayed');
    expect(eta('2025-03-09T17:00:00Z', '2025-03-10T17:00:00Z')).toBeNull();
  });

  it('given a late ETA coming back within the promise, then back on track', () => {
    expect(eta('2025-03-07T15:00:00Z', '2025-03-10T17:00:00Z')).toMatchObject({
      template: 'shipment.back_on_track',
      data: { eta: '2025-03-07T15:00:00Z', previousEta: '2025-03-10T17:00:00Z' },
    });
  });

  it('given the ETA on the evening of the promised day (local), then it is on time: the promise is an instant', () => {
    // 23:30 in New York on 7 March is already 8 March in UTC.
    expect(eta('2025-03-08T04:30:00Z', '2025-03-10T17:00:00Z')?.template).toBe(
      'shipment.back_on_track',
    );
  });

  it('given no tier from the order yet, then nothing is sent rather than guessed', () => {
    expect(eta('2025-03-10T17:00:00Z', '2025-03-07T17:00:00Z', { customerTier: null })).toBeNull();
  });

  it('given the first status, then shipped with the tracking link; out for delivery once', () => {
    const first = sampleEvent('shipment.status-changed', {
      payload: { previousStatus: null, status: 'confirmed' },
    });
    expect(interpret(first).trigger).toMatchObject({
      template: 'shipment.shipped',
      customerName: 'Acme Industrial',
      data: { trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
    });
    const ofd = sampleEvent('shipment.status-changed', {
      payload: { previousStatus: 'in_transit', status: 'out_for_delivery' },
    });
    expect(interpret(ofd).trigger?.template).toBe('shipment.out_for_delivery');
    const again = sampleEvent('shipment.status-changed', {
      payload: { previousStatus: 'out_for_delivery', status: 'out_for_delivery' },
    });
    expect(interpret(again).trigger).toBeNull();
    const moving = sampleEvent('shipment.status-changed', {
      payload: { previousStatus: 'picked_up', status: 'in_transit' },
    });
    expect(interpret(moving).trigger).toBeNull();
  });

  it('given a delivery after the promise, then the delivered notice says late', () => {
    const d = sampleEvent('shipment.delivered', {
      payload: { deliveredAt: '2025-03-10T15:00:00Z' },
    });
    expect(interpret(d).trigger).toMatchObject({
      template: 'shipment.delivered',
      data: { late: true },
    });
  });
});

describe('a delay case ending', () => {
  it('given the delay case resolves, then no case update: back on track already told the customer', () => {
    const resolved = sampleEvent('case.resolved', { payload: { caseType: 'carrier_delay' } });
    expect(interpret(resolved).trigger).toBeNull();
    const other = sampleEvent('case.resolved', { payload: { caseType: 'carrier_exception' } });
    expect(interpret(other).trigger?.template).toBe('case.update');
  });
});
