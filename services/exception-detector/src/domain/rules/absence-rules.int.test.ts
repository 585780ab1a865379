import { afterAll, describe, expect, it } from 'vitest';
import * as b from '../../testing/scenarios/builders.js';
import { PgWorld, closeWorlds, handleEvent, handleFeedMessages } from '../../testing/pg-world.js';
import { defaultPolicy as policy } from '../policy.js';
import { evolveShipment } from '../projection/shipment-view.js';
import { shipmentRules } from './shipment-rules.js';

afterAll(closeWorlds);

const s = b.story('absent');
const shipped = b.shipmentStatus(s, '2025-03-05T20:00:00Z', {
  status: 'confirmed',
  lastScanAt: null,
  customerTier: 'retail',
});

describe('shipment.no-scan-yet (pure rule, then the workflow)', () => {
  const ctx = (iso: string) => ({ policy, now: new Date(iso) });
  const fire = async (store: PgWorld, iso: string) => {
    await store.fireDue(new Date(iso), policy);
  };
  const report = b.noScanYet(s, '2025-03-06T21:00:00Z', {
    customerTier: 'retail',
    silentSince: '2025-03-05T20:00:00Z',
    thresholdHours: 24,
  });

  it('given a confirmed shipment the carrier never scanned, when the shipment service reports no scan yet, then the report is held until its deadline (silentSince + threshold)', () => {
    const before = evolveShipment(undefined, shipped);
    const shipment = evolveShipment(before, report);
    expect(shipmentRules({ event: report, before, shipment, policy })).toEqual([
      expect.objectContaining({
        kind: 'schedule',
        timer: expect.objectContaining({
          kind: 'stalled_shipment',
          dueAt: '2025-03-06T20:00:00.000Z',
          detail: expect.objectContaining({ reportId: report.eventId }),
        }),
      }),
    ]);
  });

  it('given a report that comes in after its deadline (the shipment service read a backlog), then it is judged no earlier than it came in, against the silence as reported', () => {
    const before = evolveShipment(undefined, shipped);
    const shipment = evolveShipment(before, report);
    const now = new Date('2025-03-07T05:00:00Z');
    expect(shipmentRules({ event: report, before, shipment, policy, now })).toEqual([
      expect.objectContaining({
        timer: expect.objectContaining({
          dueAt: '2025-03-07T05:00:00.000Z',
          detail: expect.objectContaining({ silenceDueAt: '2025-03-06T20:00:00.000Z' }),
        }),
      }),
    ]);
  });

  it('given a late report, when a scan inside the silence was read before the judgment, then no case opens; when the first scan came after the silence, then the case opens and resolves at once', async () => {
    const inside = await PgWorld.open();
    await handleEvent(inside, shipped, ctx('2025-03-05T20:00:00Z'));
    await handleEvent(inside, report, ctx('2025-03-07T05:00:00Z'));
    await inside.recordScan(s.trackingNumber, '2025-03-06T10:00:00Z');
    await fire(inside, '2025-03-07T05:30:00Z');
    expect([...inside.cases.values()]).toEqual([]);

    const after = await PgWorld.open();
    await handleEvent(after, shipped, ctx('2025-03-05T20:00:00Z'));
    await handleEvent(after, report, ctx('2025-03-07T05:00:00Z'));
    await after.recordScan(s.trackingNumber, '2025-03-06T22:00:00Z');
    await fire(after, '2025-03-07T05:30:00Z');
    expect([...after.cases.values()].map((c) => [c.caseType, c.status])).toEqual([
      ['stalled_shipment', 'resolved'],
    ]);
  });

  it('given the report held, when its deadline is judged with no scan in the silence, then a stalled case cites the report; when the carrier scans, then it auto-resolves', async () => {
    const store = await PgWorld.open();
    await handleEvent(store, shipped, ctx('2025-03-05T20:00:00Z'));
    await handleEvent(store, report, ctx('2025-03-06T21:00:00Z'));
    await fire(store, '2025-03-06T21:00:00Z');
    const scan = b.shipmentStatus(s, '2025-03-06T22:00:00Z', {
      status: 'in_transit',
      lastScanAt: '2025-03-06T22:00:00Z',
      customerTier: 'retail',
    });
    await handleEvent(store, scan, ctx('2025-03-06T22:00:00Z'));
    const [stalled] = [...store.cases.values()].filter((c) => c.caseType === 'stalled_shipment');
    expect(stalled).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'auto_resolved' },
      evidence: expect.arrayContaining([expect.objectContaining({ eventId: report.eventId })]),
    });
    expect(store.events.map((e) => e.type)).toEqual(['case.opened', 'case.resolved']);
  });

  it('given a report made while the shipment service lagged, when the carrier feed shows a scan inside the silence, then no case opens', async () => {
    const store = await PgWorld.open();
    await handleEvent(store, shipped, ctx('2025-03-05T20:00:00Z'));
    await store.recordScan(s.trackingNumber, '2025-03-06T11:00:00Z');
    await handleEvent(store, report, ctx('2025-03-06T21:00:00Z'));
    await fire(store, '2025-03-06T21:00:00Z');
    expect([...store.cases.values()]).toEqual([]);
  });
});

describe('one stall reported twice (a scan inside it arrived late)', () => {
  const ctx = (iso: string) => ({ policy, now: new Date(iso) });
  const tier = { customerTier: 'retail' } as const;
  /** A shipment's life as the detector sees it, one step per call. */
  const life = async (name: string) => {
    const t = b.story(name);
    const store = await PgWorld.open();
    return {
      store,
      confirmed: (at: string) =>
        handleEvent(
          store,
          b.shipmentStatus(t, at, { status: 'confirmed', lastScanAt: null, ...tier }),
          ctx(at),
        ),
      /** The carrier's scan reached the detector's scan log (it may still be stuck upstream). */
      scanSent: (at: string) => store.recordScan(t.trackingNumber, at),
      /** The shipment service folded a scan that moved the shipment. */
      moved: (status: 'picked_up' | 'in_transit', at: string) =>
        handleEvent(store, b.shipmentStatus(t, at, { status, lastScanAt: at, ...tier }), ctx(at)),
      reported: (silentSince: string, at: string, receivedAt = at) =>
        handleEvent(
          store,
          b.noScanYet(t, at, { silentSince, thresholdHours: 24, ...tier }),
          ctx(receivedAt),
        ),
      judged: async (iso: string) => {
        await store.fireDue(new Date(iso), policy);
      },
      stalled: () => [...store.cases.values()].filter((c) => c.caseType === 'stalled_shipment'),
    };
  };

  it('given a stall judged since the last scan known, when the scan that ends it brings an older one with it and the shipment service reports the stall again since that one, then the first case stays the only case', async () => {
    const s = await life('late-inside');
    await s.confirmed('2025-03-05T20:00:00Z');
    await s.scanSent('2025-03-05T21:00:00Z');
    await s.moved('picked_up', '2025-03-05T21:00:00Z');
    // The carrier scanned at 23:00 too, but that scan is stuck upstream: silent since 21:00.
    await s.reported('2025-03-05T21:00:00Z', '2025-03-06T21:00:00Z');
    await s.judged('2025-03-06T21:30:00Z');
    expect(s.stalled().map((c) => c.status)).toEqual(['open']);

    // The next scan ends the stall; the stuck 23:00 scan arrives just after it, and the history
    // now proves a silence since 23:00, reported after the scan that ended it.
    await s.scanSent('2025-03-07T02:00:00Z');
    await s.moved('in_transit', '2025-03-07T02:00:00Z');
    await s.scanSent('2025-03-05T23:00:00Z');
    await s.reported('2025-03-05T23:00:00Z', '2025-03-06T23:00:00Z', '2025-03-07T02:01:00Z');
    await s.judged('2025-03-07T03:00:00Z');

    const [only, ...others] = s.stalled();
    expect(others).toEqual([]);
    expect(only).toMatchObject({
      status: 'resolved',
      resolution: {
        kind: 'auto_resolved',
        reason: 'carrier scanned again at 2025-03-07T02:00:00Z',
      },
    });
    expect(s.store.events.map((e) => e.type)).toEqual(['case.opened', 'case.resolved']);
  });

  it('given a stall that ended, when a later stall of the same shipment is reported, then it is a case of its own', async () => {
    const s = await life('two-stalls');
    await s.confirmed('2025-03-05T20:00:00Z');
    await s.reported('2025-03-05T20:00:00Z', '2025-03-06T20:00:00Z');
    await s.judged('2025-03-06T20:30:00Z');
    await s.scanSent('2025-03-07T01:00:00Z');
    await s.moved('in_transit', '2025-03-07T01:00:00Z');
    await s.reported('2025-03-07T01:00:00Z', '2025-03-08T01:00:00Z');
    await s.judged('2025-03-08T01:30:00Z');
    expect(
      s
        .stalled()
        .map((c) => c.status)
        .sort(),
    ).toEqual(['open', 'resolved']);
  });
});

describe('source feed stalled (workflow with durable timers, in memory)', () => {
  const seen = (store: PgWorld, eventId: string, sentAt: string, now = sentAt) =>
    handleFeedMessages(store, 'wms-east', [{ eventId, type: 'wms.picked', sentAt }], {
      policy,
      now: new Date(now),
    });
  const fire = async (store: PgWorld, iso: string) => {
    await store.fireDue(new Date(iso), policy);
  };
  const feedCases = (store: PgWorld) =>
    [...store.cases.values()].filter((c) => c.caseType === 'source_feed_stalled');

  it('given a feed that sent at 10:00 on a Thursday, when it stays silent 60 minutes, then a critical case opens; when it has sent again for its settle period (2 h), then the case resolves', async () => {
    const store = await PgWorld.open();
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
    await seen(store, 'f-2b', '2025-03-06T17:30:00Z');
    expect(store.cases.get(opened!.caseId)).toMatchObject({ status: 'open' });
    await seen(store, 'f-2c', '2025-03-06T18:30:00Z');
    expect(store.cases.get(opened!.caseId)).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'auto_resolved', reason: 'wms-east sends events again' },
    });
  });

  it('given a feed last heard Friday 16:30, when the weekend passes in silence, then it is flagged Monday at 09:00, when its active hours start', async () => {
    const store = await PgWorld.open();
    await seen(store, 'f-3', '2025-03-07T21:30:00Z');
    await fire(store, '2025-03-08T18:00:00Z'); // Saturday: not active
    await fire(store, '2025-03-10T12:59:00Z'); // Monday 08:59 EDT
    expect(store.cases.size).toBe(0);
    await fire(store, '2025-03-10T13:00:00Z');
    expect(feedCases(store).map((c) => c.evidence[0]!.occurredAt)).toEqual([
      '2025-03-10T13:00:00.000Z',
    ]);
  });

  it('given a silence past its flag instant whose next message arrives before the timer fires (consumer lag), then the stall still opens, and resolves once the feed has settled', async () => {
    const store = await PgWorld.open();
    store.graceMs = 2 * 3_600_000;
    await seen(store, 'f-4', '2025-03-06T15:00:00Z');
    // Sent 16:20 (a stall flagged at 16:00), read at 17:00, before the timer's grace ran out.
    await seen(store, 'f-5', '2025-03-06T16:20:00Z', '2025-03-06T17:00:00Z');
    await fire(store, '2025-03-06T18:00:00Z');
    expect(feedCases(store)).toMatchObject([{ status: 'open' }]);
    await seen(store, 'f-5b', '2025-03-06T17:20:00Z', '2025-03-06T18:01:00Z');
    await seen(store, 'f-5c', '2025-03-06T18:20:00Z', '2025-03-06T18:21:00Z');
    expect(feedCases(store)).toMatchObject([
      { status: 'resolved', resolution: { kind: 'auto_resolved' } },
    ]);
  });

  it('given a silence past its flag instant, when the feed has settled before the timer fires (a long lag), then the stall opens and resolves at once', async () => {
    const store = await PgWorld.open();
    store.graceMs = 4 * 3_600_000;
    await seen(store, 'f-12', '2025-03-06T15:00:00Z');
    await seen(store, 'f-13', '2025-03-06T16:20:00Z', '2025-03-06T18:00:00Z');
    await seen(store, 'f-14', '2025-03-06T17:10:00Z', '2025-03-06T18:01:00Z');
    await seen(store, 'f-15', '2025-03-06T18:05:00Z', '2025-03-06T18:06:00Z');
    await seen(store, 'f-16', '2025-03-06T18:20:00Z', '2025-03-06T18:21:00Z');
    await fire(store, '2025-03-06T20:00:00Z');
    expect(feedCases(store)).toMatchObject([
      { status: 'resolved', resolution: { kind: 'auto_resolved' } },
    ]);
  });

  it('given a feed that trickles back and stalls again before it has settled, then it keeps one case citing each stall; once it has settled, a new stall opens a new case', async () => {
    const store = await PgWorld.open();
    await seen(store, 'g-1', '2025-03-06T14:00:00Z'); // Thursday 09:00 EST
    await fire(store, '2025-03-06T15:00:00Z'); // stall 1
    await seen(store, 'g-2', '2025-03-06T15:30:00Z'); // a trickle…
    await fire(store, '2025-03-06T16:30:00Z'); // …and silent again: stall 2
    await seen(store, 'g-3', '2025-03-06T17:00:00Z');
    await fire(store, '2025-03-06T17:59:00Z');
    await seen(store, 'g-4', '2025-03-06T17:50:00Z');
    await fire(store, '2025-03-06T18:49:00Z');
    await seen(store, 'g-5', '2025-03-06T18:40:00Z');
    await fire(store, '2025-03-06T19:39:00Z');
    expect(feedCases(store).map((c) => [c.status, c.evidence.length])).toEqual([['open', 2]]);
    await seen(store, 'g-6', '2025-03-06T19:10:00Z'); // 2 h 10 min of sends since 17:00
    expect(feedCases(store).map((c) => c.status)).toEqual(['resolved']);
    await fire(store, '2025-03-06T20:10:00Z'); // silent again after it settled: stall 3
    expect(
      feedCases(store)
        .map((c) => c.status)
        .sort(),
    ).toEqual(['open', 'resolved']);
  });

  it('given a message sent before the flag instant that arrives late, out of order, then the silence it breaks never opens a case', async () => {
    const store = await PgWorld.open();
    store.graceMs = 2 * 3_600_000;
    await seen(store, 'f-6', '2025-03-06T15:00:00Z');
    await seen(store, 'f-7', '2025-03-06T16:20:00Z', '2025-03-06T16:25:00Z');
    // Sent 15:40 on another partition, read after the 16:20 one: no 60-minute silence at all.
    await seen(store, 'f-8', '2025-03-06T15:40:00Z', '2025-03-06T16:30:00Z');
    await fire(store, '2025-03-06T19:00:00Z');
    expect(feedCases(store)).toEqual([]);
  });

  it('given a feed that flapped and settled, when its stall timers are judged only afterwards (a long lag), then its outage is still one case, and a later outage still recovering keeps its own', async () => {
    const store = await PgWorld.open();
    store.graceMs = 12 * 3_600_000;
    const sends = ['14:00', '15:30', '17:00', '17:50', '18:40', '19:10', '20:30', '20:40'];
    for (const [i, hm] of sends.entries()) await seen(store, `l-${i}`, `2025-03-06T${hm}:00Z`);
    // Stalls at 15:00 and 16:30 (one outage, settled at 19:10), then 20:10 (still recovering).
    await fire(store, '2025-03-07T12:00:00Z');
    expect(
      feedCases(store)
        .map((c) => [c.status, c.evidence[0]!.occurredAt])
        .sort(),
    ).toEqual([
      ['open', '2025-03-06T20:10:00.000Z'],
      ['resolved', '2025-03-06T15:00:00.000Z'],
    ]);
  });

  it('given sends that arrive out of order (a late one cancels the first stall judged), when the timers are judged only afterwards, then the outage is still one case', async () => {
    const store = await PgWorld.open();
    store.graceMs = 12 * 3_600_000;
    // Sent 14:00, 14:30, 17:00, 17:30, 19:00, 19:30, 20:10, 21:00; 14:30 arrives after 17:00.
    // Stalls: 14:30 → 17:00 (flagged 15:30) and 17:30 → 19:00 (18:30), 30 minutes of sends
    // between: one outage, settled at 21:00.
    const arrivals = ['14:00', '17:00', '14:30', '17:30', '19:00', '19:30', '20:10', '21:00'];
    for (const [i, hm] of arrivals.entries())
      await seen(store, `o-${i}`, `2025-03-06T${hm}:00Z`, `2025-03-06T21:0${i}:00Z`);
    await fire(store, '2025-03-07T12:00:00Z');
    expect(feedCases(store).map((c) => [c.status, c.evidence[0]!.occurredAt])).toEqual([
      ['resolved', '2025-03-06T15:30:00.000Z'],
    ]);
  });

  it('given a stall whose case resolved once the feed settled, when a late message splits its silence, then the rest of that silence opens no second case', async () => {
    const store = await PgWorld.open();
    await seen(store, 'h-1', '2025-03-06T15:00:00Z');
    await fire(store, '2025-03-06T16:00:00Z'); // stall: the case opens
    for (const [id, at] of [
      ['h-2', '2025-03-06T18:30:00Z'],
      ['h-3', '2025-03-06T19:20:00Z'],
      ['h-4', '2025-03-06T20:10:00Z'],
      ['h-5', '2025-03-06T20:40:00Z'], // 2 h 10 min of sends: settled, the case resolves
    ])
      await seen(store, id!, at!);
    // Sent 17:00, read last: 17:00 → 18:30 is silent past its flag instant (18:00), but it is
    // the same outage as the stall it splits.
    await seen(store, 'h-6', '2025-03-06T17:00:00Z', '2025-03-06T20:45:00Z');
    await fire(store, '2025-03-06T20:50:00Z');
    expect(feedCases(store).map((c) => [c.status, c.evidence[0]!.occurredAt])).toEqual([
      ['resolved', '2025-03-06T16:00:00.000Z'],
    ]);
  });

  it('given a closed stall that a late message splits after its flag instant, then the stall stands and the rest of the silence is judged on its own (the same outage: one case)', async () => {
    const store = await PgWorld.open();
    store.graceMs = 30 * 60_000;
    await seen(store, 'f-9', '2025-03-06T15:00:00Z');
    await seen(store, 'f-10', '2025-03-06T18:30:00Z', '2025-03-06T18:31:00Z');
    // Sent 17:00 (after the 16:00 flag instant), read last: 17:00 → 18:30 is a stall too (18:00).
    await seen(store, 'f-11', '2025-03-06T17:00:00Z', '2025-03-06T18:32:00Z');
    await fire(store, '2025-03-06T19:00:00Z');
    expect(feedCases(store).map((c) => [c.evidence.map((e) => e.occurredAt), c.status])).toEqual([
      [['2025-03-06T16:00:00.000Z', '2025-03-06T18:00:00.000Z'], 'open'],
    ]);
  });
});
