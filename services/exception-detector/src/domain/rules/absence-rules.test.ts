import { describe, expect, it } from 'vitest';
import * as b from '../../scenarios/builders.js';
import { handleEvent, handleFeedEvent, handleTimer } from '../../workflow/engine.js';
import { MemoryStore } from '../../workflow/memory-store.js';
import { defaultPolicy as policy } from '../policy.js';
import { evolveShipment } from '../projection/shipment-view.js';
import { shipmentRules } from './shipment-rules.js';

const s = b.story('absent');
const shipped = b.shipmentStatus(s, '2025-03-05T20:00:00Z', {
  status: 'confirmed',
  lastScanAt: null,
  customerTier: 'retail',
});

describe('shipment.no-scan-yet (pure rule)', () => {
  it('given a confirmed shipment the carrier never scanned, when the shipment service reports no scan yet, then a stalled-shipment detection cites that event', () => {
    const before = evolveShipment(undefined, shipped);
    const event = b.noScanYet(s, '2025-03-06T21:00:00Z', {
      customerTier: 'retail',
      silentSince: '2025-03-05T20:00:00Z',
      thresholdHours: 24,
    });
    const shipment = evolveShipment(before, event);
    const signals = shipmentRules({ event, before, shipment, policy });
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'detect',
        caseType: 'stalled_shipment',
        subject: { kind: 'shipment', id: s.shipmentId },
        priority: 'normal',
        queue: 'transportation',
        evidence: expect.objectContaining({
          eventId: event.eventId,
          summary: 'Silent since 2025-03-05T20:00:00Z (24 h threshold)',
        }),
      }),
    ]);
  });

  it('given the stalled case it opened, when the carrier scans, then the case auto-resolves', async () => {
    const store = new MemoryStore();
    const ctx = (iso: string) => ({ policy, now: new Date(iso) });
    await handleEvent(store, shipped, ctx('2025-03-05T20:00:00Z'));
    await handleEvent(
      store,
      b.noScanYet(s, '2025-03-06T21:00:00Z', { customerTier: 'retail' }),
      ctx('2025-03-06T21:00:00Z'),
    );
    const scan = b.shipmentStatus(s, '2025-03-06T22:00:00Z', {
      status: 'in_transit',
      lastScanAt: '2025-03-06T22:00:00Z',
      customerTier: 'retail',
    });
    await handleEvent(store, scan, ctx('2025-03-06T22:00:00Z'));
    const [stalled] = [...store.cases.values()].filter((c) => c.caseType === 'stalled_shipment');
    expect(stalled).toMatchObject({ status: 'resolved', resolution: { kind: 'auto_resolved' } });
    expect(store.events.map((e) => e.type)).toEqual(['case.opened', 'case.resolved']);
  });
});

describe('source feed stalled (workflow with durable timers, in memory)', () => {
  const feed = { tenantId: 'default', sourceSystem: 'wms-east', type: 'wms.picked' };
  const seen = (store: MemoryStore, eventId: string, iso: string) =>
    handleFeedEvent(store, { ...feed, eventId }, { policy, now: new Date(iso) });
  const fire = async (store: MemoryStore, iso: string) => {
    for (const t of store.claimDue(new Date(iso)))
      await handleTimer(store, t, { policy, now: new Date(iso) });
  };

  it('given a feed seen at 10:00 on a Thursday, when it stays silent 60 business minutes, then a critical case opens; when it sends again, then the case resolves', async () => {
    const store = new MemoryStore();
    await seen(store, 'f-1', '2025-03-06T15:00:00Z');
    await fire(store, '2025-03-06T15:59:00Z');
    expect(store.cases.size).toBe(0);
    await fire(store, '2025-03-06T16:00:00Z');
    const [opened] = [...store.cases.values()];
    expect(opened).toMatchObject({
      caseType: 'source_feed_stalled',
      subject: { kind: 'source_system', id: 'wms-east' },
      priority: 'critical',
      status: 'open',
      assignee: { queue: 'integration' },
    });
    await seen(store, 'f-2', '2025-03-06T16:30:00Z');
    expect(store.cases.get(opened!.caseId)).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'auto_resolved', reason: 'wms-east sends events again' },
    });
  });

  it('given a feed last seen Friday 16:30, when the weekend passes in silence, then it opens after the 60th business minute on Monday, not over the weekend', async () => {
    const store = new MemoryStore();
    await seen(store, 'f-3', '2025-03-07T21:30:00Z');
    await fire(store, '2025-03-08T18:00:00Z'); // Saturday: the calendar is closed
    await fire(store, '2025-03-10T12:29:00Z'); // Monday 08:29 EDT: 30 min Friday + 29 min today
    expect(store.cases.size).toBe(0);
    await fire(store, '2025-03-10T12:30:00Z');
    expect([...store.cases.values()].map((c) => c.caseType)).toEqual(['source_feed_stalled']);
  });
});
