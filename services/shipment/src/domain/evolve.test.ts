import { describe, expect, it } from 'vitest';
import { fold } from './evolve.js';
import { confirm, eta, pod, scan } from './events.fixtures.js';

const SHP = 'SHP-5001';

describe('evolve (given events, when folded, then state)', () => {
  it('given only a ship-confirm, the shipment is confirmed with its header', () => {
    const s = fold(SHP, [confirm()]);
    expect(s.status).toBe('confirmed');
    expect(s.header).toMatchObject({
      orderId: 'SO-1001',
      customerId: 'C-ACME',
      poNumber: 'PO-7781',
      carrier: 'ups',
    });
    expect(s.header?.lines.length).toBeGreaterThan(0);
  });

  it('given scans, the newest one sets the status and all are kept in time order', () => {
    const s = fold(SHP, [
      confirm(),
      scan('picked_up', '2025-03-05T16:00:00Z'),
      scan('in_transit', '2025-03-05T20:00:00Z'),
    ]);
    expect(s.status).toBe('in_transit');
    expect(s.lastScanAt).toBe('2025-03-05T20:00:00Z');
    expect(s.scans.map((x) => x.status)).toEqual(['picked_up', 'in_transit']);
  });

  it('given a late older scan, the status does not move backwards but the scan joins the history', () => {
    const inOrder = fold(SHP, [
      confirm(),
      scan('picked_up', '2025-03-05T16:00:00Z'),
      scan('out_for_delivery', '2025-03-06T08:00:00Z'),
    ]);
    const late = fold(SHP, [
      scan('out_for_delivery', '2025-03-06T08:00:00Z'),
      confirm(),
      scan('picked_up', '2025-03-05T16:00:00Z'),
    ]);
    expect(late.status).toBe('out_for_delivery');
    expect(late).toEqual(inOrder);
  });

  it('given a scan before its ship-confirm (orphan), the confirm fills the header and keeps the scan status', () => {
    const s = fold(SHP, [
      scan('in_transit', '2025-03-05T18:00:00Z'),
      confirm('2025-03-05T19:00:00Z'),
    ]);
    expect(s.status).toBe('in_transit');
    expect(s.header?.orderId).toBe('SO-1001');
  });

  it('given an exception scan, the reason is kept until the next scan clears it', () => {
    const s1 = fold(SHP, [confirm(), scan('exception', '2025-03-05T18:00:00Z')]);
    expect([s1.status, s1.exceptionReason]).toEqual(['exception', 'damaged']);
    const s2 = fold(SHP, [
      confirm(),
      scan('exception', '2025-03-05T18:00:00Z'),
      scan('in_transit', '2025-03-05T22:00:00Z'),
    ]);
    expect([s2.status, s2.exceptionReason]).toEqual(['in_transit', null]);
  });

  it('given ETA updates, the newest ETA wins and every change is in the history', () => {
    const s = fold(SHP, [
      confirm(),
      eta('2025-03-10T17:00:00Z', '2025-03-06T09:00:00Z'),
      eta('2025-03-08T17:00:00Z', '2025-03-06T08:00:00Z'),
    ]);
    expect(s.eta).toBe('2025-03-10T17:00:00Z');
    expect(s.etaHistory.map((r) => r.eta)).toEqual([
      '2025-03-08T17:00:00Z',
      '2025-03-10T17:00:00Z',
    ]);
    expect(s.etaHistory[1]?.previousEta).toBe('2025-03-08T17:00:00Z');
  });

  it('given proof of delivery, the shipment is delivered and a later stray scan does not reopen it', () => {
    const s = fold(SHP, [
      confirm(),
      pod('2025-03-07T11:20:00Z'),
      scan('in_transit', '2025-03-07T12:00:00Z'),
    ]);
    expect(s.status).toBe('delivered');
    expect(s.deliveredAt).toBe('2025-03-07T11:20:00Z');
    expect(s.pod?.signedBy).toBe('J. DOE');
    expect(s.scans).toHaveLength(1);
  });

  it('given two parcels, one delivered scan does not deliver the shipment; the second does', () => {
    const twoParcels = {
      ...confirm(),
      payload: { ...confirm().payload, trackingNumbers: ['A', 'B'] },
    };
    const one = fold(SHP, [
      twoParcels,
      scan('in_transit', '2025-03-06T08:00:00Z', { trackingNumber: 'B' }),
      scan('delivered', '2025-03-07T10:00:00Z', { trackingNumber: 'A' }),
    ]);
    expect(one.status).toBe('in_transit');
    const both = fold(SHP, [
      ...[twoParcels],
      scan('delivered', '2025-03-07T10:00:00Z', { trackingNumber: 'A' }),
      scan('delivered', '2025-03-07T11:00:00Z', { trackingNumber: 'B' }),
    ]);
    expect([both.status, both.deliveredAt]).toEqual(['delivered', '2025-03-07T11:00:00Z']);
  });

  it('gives the same state for any arrival order and for duplicates removed upstream', () => {
    const events = [
      confirm(),
      scan('picked_up', '2025-03-05T16:00:00Z'),
      eta('2025-03-08T17:00:00Z', '2025-03-06T08:00:00Z'),
      scan('in_transit', '2025-03-06T09:00:00Z'),
      pod('2025-03-07T11:20:00Z'),
    ];
    const reference = fold(SHP, events);
    for (let k = 0; k < events.length; k++) {
      const rotated = [...events.slice(k), ...events.slice(0, k)];
      expect(fold(SHP, rotated)).toEqual(reference);
      expect(fold(SHP, rotated.reverse())).toEqual(reference);
    }
  });
});
