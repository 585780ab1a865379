import {
  sampleAllocationUpdated,
  sampleCreditHoldPlaced,
  sampleCreditHoldReleased,
  sampleOrderChanged,
  sampleOrderCreated,
  samplePackCompleted,
  samplePickCompleted,
  sampleShipmentConfirmed,
  sampleShipmentDelivered,
  sampleWaveReleased,
  sampleEvent,
} from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { eventsOfFold } from './emit.js';
import { ORDER_INPUT_TYPES, type OrderInputEvent } from './events.js';
import { summarize } from './timeline.js';
import { continueFold, extendsFold, foldOrder } from './fold.js';

const ORDER = 'SO-1001';
const fold = (events: OrderInputEvent[]) => foldOrder(ORDER, events);
const emitted = (events: OrderInputEvent[]) => eventsOfFold(fold(events).steps);

function lifecycle(): OrderInputEvent[] {
  return [
    sampleOrderCreated(),
    sampleAllocationUpdated(),
    sampleWaveReleased(),
    samplePickCompleted(),
    samplePackCompleted(),
    sampleShipmentConfirmed(),
    sampleShipmentDelivered(),
  ];
}

/** Deterministic shuffles (no Math.random in tests that must fail the same way twice). */
function permutations<T>(xs: T[], count: number): T[][] {
  const out: T[][] = [];
  for (let seed = 1; seed <= count; seed++) {
    const copy = [...xs];
    let s = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      s = (s * 16807) % 2147483647;
      const j = s % (i + 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    out.push(copy);
  }
  return out;
}

describe('foldOrder', () => {
  it('given a whole lifecycle, then the order is delivered with every quantity filled', () => {
    const { view, history } = fold(lifecycle());
    expect(view?.status).toBe('delivered');
    expect(
      view?.lines.map((l) => [l.orderedQty, l.pickedQty, l.shippedQty, l.deliveredQty]),
    ).toEqual([
      [100, 100, 100, 100],
      [2, 2, 2, 2],
    ]);
    expect(view?.orderValue).toEqual({ amountMinor: 92_500, currency: 'USD' });
    expect(history.map((h) => h.status)).toEqual([
      'open',
      'allocated',
      'in_fulfilment',
      'shipped',
      'delivered',
    ]);
  });

  it('given the same events in any order, then state, history and emitted ids are identical', () => {
    const events = lifecycle();
    const reference = fold(events);
    const ids = emitted(events)
      .map((e) => e.eventId)
      .sort();
    for (const shuffled of permutations(events, 8)) {
      const other = fold(shuffled);
      expect(other.view).toEqual(reference.view);
      expect(other.history).toEqual(reference.history);
      expect(
        emitted(shuffled)
          .map((e) => e.eventId)
          .sort(),
      ).toEqual(ids);
    }
  });

  it('given a duplicate delivery, then it changes nothing and emits nothing more', () => {
    const events = lifecycle();
    const pick = events[3] as OrderInputEvent;
    const withDuplicate = [...events, structuredClone(pick)];
    expect(fold(withDuplicate).view).toEqual(fold(events).view);
    expect(emitted(withDuplicate)).toEqual(emitted(events));
  });

  it('given a WMS pick before order.created, then it is held and applied when the order arrives', () => {
    const pick = samplePickCompleted({
      occurredAt: '2025-03-03T08:00:00Z',
      payload: {
        lines: [{ lineNo: 2, sku: 'SKU-PUMP-200', requestedQty: 2, pickedQty: 1, shortQty: 1 }],
      },
    });
    expect(fold([pick]).view).toBeNull();
    expect(emitted([pick])).toEqual([]);

    const both = fold([pick, sampleOrderCreated()]);
    expect(both.view?.lines[1]).toMatchObject({ pickedQty: 1, shortQty: 1 });
    const shorts = emitted([pick, sampleOrderCreated()]).filter(
      (e) => e.type === 'order.line-short',
    );
    expect(shorts).toHaveLength(1);
    expect(shorts[0]?.payload).toMatchObject({ shortQty: 1, source: 'wms_short_pick' });
  });

  it('given an older order.changed arriving late, then the newer promise stands and both stay in history', () => {
    const newer = sampleOrderChanged({
      occurredAt: '2025-03-03T12:00:00Z',
      payload: { promisedDeliveryDate: '2025-03-12' },
    });
    const older = sampleOrderChanged({
      occurredAt: '2025-03-03T11:00:00Z',
      payload: { promisedDeliveryDate: '2025-03-10' },
    });
    const result = fold([sampleOrderCreated(), newer, older]);
    expect(result.view?.header.promisedDeliveryDate).toBe('2025-03-12');
    expect(result.view?.eventCount).toBe(3);
    const promises = emitted([sampleOrderCreated(), newer, older]).filter(
      (e) => e.type === 'order.promise-changed',
    );
    expect(promises.map((e) => e.payload.promisedDeliveryDate)).toEqual([
      '2025-03-10',
      '2025-03-12',
    ]);
  });

  it('given a credit hold, then the order is on hold until it is released', () => {
    const placed = sampleCreditHoldPlaced();
    const released = sampleCreditHoldReleased();
    expect(fold([sampleOrderCreated(), placed]).view?.status).toBe('credit_hold');
    const after = fold([sampleOrderCreated(), placed, released]).view;
    expect(after?.status).toBe('open');
    expect(after?.holds).toEqual([
      expect.objectContaining({ placedAt: placed.occurredAt, releasedAt: released.occurredAt }),
    ]);
  });
});

describe('catalog coverage', () => {
  it('folds and summarises every event type published on the consumed topics', () => {
    expect(ORDER_INPUT_TYPES.length).toBeGreaterThanOrEqual(19);
    for (const type of ORDER_INPUT_TYPES) {
      const event = sampleEvent(type) as OrderInputEvent;
      expect(foldOrder(ORDER, [sampleOrderCreated(), event]).facts.eventCount).toBe(2);
      expect(summarize(event)).toMatch(/\w/);
    }
  });
});

describe('continueFold', () => {
  it('given events that all sort after the state, then folding on equals folding from scratch', () => {
    const events = lifecycle();
    const head = foldOrder(ORDER, events.slice(0, 3));
    const tail = events.slice(3);
    expect(extendsFold(head, tail)).toBe(true);
    const carried = continueFold(JSON.parse(JSON.stringify(head)) as typeof head, tail);
    const whole = fold(events);
    expect({ ...carried, steps: [] }).toEqual({ ...whole, steps: [] });
    expect(carried.steps.map((s) => s.event.eventId)).toEqual(tail.map((e) => e.eventId));
  });

  it('given an event older than the state, then it does not extend it (a full refold is needed)', () => {
    const events = lifecycle();
    const head = foldOrder(ORDER, events.slice(2));
    expect(extendsFold(head, [events[0] as OrderInputEvent])).toBe(false);
  });
});

describe('the site and the carriers of an order', () => {
  it('given no WMS event yet, then the order has no site and no carrier', () => {
    const { view } = fold([sampleOrderCreated(), sampleAllocationUpdated()]);
    expect(view).toMatchObject({ siteId: null, carriers: [] });
    expect(emitted([sampleOrderCreated()])[0]?.payload.siteId).toBeNull();
  });

  it('given WMS events, then the site is the latest warehouse named and travels on every event', () => {
    const moved = samplePackCompleted({
      eventId: 'pack-elsewhere',
      occurredAt: '2025-04-30T10:00:00Z',
      payload: { warehouseId: 'WH-DAL' },
    });
    const { view } = fold([...lifecycle(), moved]);
    expect(view?.siteId).toBe('WH-DAL');
    expect(view?.carriers).toEqual(['ups']);
    const events = emitted(lifecycle());
    const afterWave = events.filter((e) => e.occurredAt >= sampleWaveReleased().occurredAt);
    expect(afterWave.length).toBeGreaterThan(0);
    expect(afterWave.every((e) => e.payload.siteId === 'WH-ATL')).toBe(true);
    expect(afterWave.every((e) => e.schemaVersion === 4)).toBe(true);
  });

  it('given a fold state saved before the site existed, then the next WMS event sets it', () => {
    const events = lifecycle();
    const head = foldOrder(ORDER, events.slice(0, 2));
    delete head.facts.warehouseId;
    const { view } = continueFold(head, events.slice(2));
    expect(view?.siteId).toBe('WH-ATL');
  });
});
