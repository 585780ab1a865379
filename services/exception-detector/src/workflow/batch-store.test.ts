import { describe, expect, it } from 'vitest';
import { batchPlan } from '../consumers/batch-plan.js';
import { defaultPolicy } from '../domain/policy.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import { buildScenarios } from '../scenarios/scenarios.js';
import { timeline } from '../scenarios/timeline.js';
import { BatchStore, mergeCancels } from './batch-store.js';
import { rowByRow, type TimerCancel } from './bulk-store.js';
import { handleEvent, handleTimer } from './engine.js';
import { MemoryStore } from './memory-store.js';

async function fireDue(store: MemoryStore, now: Date) {
  for (let due = store.claimDue(now); due.length > 0; due = store.claimDue(now)) {
    for (const t of due) await handleTimer(store, t, { policy: defaultPolicy, now });
  }
}

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );

/** The whole scenario suite, each tick's events in batches of `batchSize` (0: one at a time). */
const ticks = timeline(buildScenarios('b'));

async function play(batchSize: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const tick of ticks) {
    const now = new Date(tick.at);
    const ctx = { policy: defaultPolicy, now };
    await fireDue(store, now);
    if (batchSize === 0) for (const e of tick.events) await handleEvent(store, e, ctx);
    else
      for (const batch of chunks(tick.events, batchSize)) {
        const unit = new BatchStore(store, rowByRow(store));
        await unit.preload(batchPlan(batch, []));
        for (const e of batch) await handleEvent(unit, e, ctx);
        await unit.flush();
      }
    await fireDue(store, now);
  }
  return store;
}

const stateOf = (s: MemoryStore) => ({
  orders: [...s.orders.values()],
  shipments: [...s.shipments.values()],
  skus: [...s.skuViews.values()],
  cases: [...s.cases.values()].sort((a, b) => a.caseId.localeCompare(b.caseId)),
  timers: [...s.timers.values()].sort((a, b) => a.timer.timerId.localeCompare(b.timer.timerId)),
  events: s.events.map((e) => e.eventId),
  audit: s.audit,
  crm: s.crmSyncs,
});

describe('BatchStore: a batch read ahead and written back decides as event by event', async () => {
  const reference = stateOf(await play(0));

  it.each([1, 3, 100])('the scenario suite in batches of %i ends in the same state', async (n) => {
    expect(stateOf(await play(n))).toEqual(reference);
  });

  it('decides a whole story in one batch (events on the same subjects) as event by event', async () => {
    const events = ticks.flatMap((t) => t.events);
    const ctx = { policy: defaultPolicy, now: new Date(ticks[ticks.length - 1]!.at) };
    const direct = new MemoryStore();
    for (const e of events) await handleEvent(direct, e, ctx);
    const inner = new MemoryStore();
    for (const batch of chunks(events, 100)) {
      const unit = new BatchStore(inner, rowByRow(inner));
      await unit.preload(batchPlan(batch, []));
      for (const e of batch) await handleEvent(unit, e, ctx);
      await unit.flush();
    }
    expect(stateOf(inner)).toEqual(stateOf(direct));
  });

  it('has something to compare: the suite opens cases and arms timers', () => {
    expect(reference.cases.length).toBeGreaterThan(5);
    expect(reference.timers.length).toBeGreaterThan(5);
  });
});

describe('BatchStore write-back', () => {
  const timer = (dueAt: string): TimerSpec => ({
    timerId: 'late_shipment:t1:o1',
    kind: 'late_shipment',
    subject: { kind: 'order', id: 'o1' },
    dueAt,
  });

  it('replays a timer changed several times in one batch in order, and writes at flush', async () => {
    const direct = new MemoryStore();
    const inner = new MemoryStore();
    const unit = new BatchStore(inner, rowByRow(inner));
    const at = new Date('2025-03-03T10:00:00Z');
    const other = { ...timer('2025-03-04T00:00:00.000Z'), timerId: 'late_shipment:t1:o2' };
    for (const s of [direct, unit]) {
      await s.schedule(timer('2025-03-04T00:00:00.000Z'));
      await s.schedule(other);
      await s.cancel('late_shipment:t1:o1', at);
      await s.schedule(timer('2025-03-05T00:00:00.000Z'));
      await s.cancel('late_shipment:t1:o1', at, { asOf: '2025-03-06T00:00:00.000Z' });
    }
    expect(inner.timers.size).toBe(0);
    await unit.flush();
    expect(inner.timers).toEqual(direct.timers);
    expect(inner.timers.size).toBe(2);
  });

  it('merges two cancels in a row only into what applying both would leave', async () => {
    const at = new Date('2025-03-03T10:00:00Z');
    const id = 'late_shipment:t1:o1';
    const due = '2025-03-04T00:00:00.000Z';
    const cancels: TimerCancel[] = [
      { timerId: id, at },
      { timerId: id, at, asOf: '2025-03-03T00:00:00.000Z' },
      { timerId: id, at, asOf: '2025-03-05T00:00:00.000Z' },
      { timerId: id, at, forget: true },
      { timerId: id, at: new Date('2025-03-03T11:00:00Z') },
    ];
    const starts: ((s: MemoryStore) => Promise<void>)[] = [
      async () => undefined,
      async (s) => s.schedule(timer(due)),
      async (s) => {
        await s.schedule(timer(due));
        s.claimDue(new Date(due));
      },
      async (s) => {
        await s.schedule(timer(due));
        await s.cancel(id, new Date('2025-03-01T00:00:00Z'));
      },
    ];
    let merged = 0;
    for (const start of starts)
      for (const a of cancels)
        for (const b of cancels) {
          const m = mergeCancels(a, b);
          if (!m) continue;
          merged++;
          const [both, once] = [new MemoryStore(), new MemoryStore()];
          await start(both);
          await start(once);
          for (const c of [a, b]) await both.cancel(c.timerId, c.at, c);
          await once.cancel(m.timerId, m.at, m);
          expect(once.timers).toEqual(both.timers);
        }
    expect(merged).toBeGreaterThan(40);
  });

  it('answers reads of what it holds from memory, searches after writing back', async () => {
    const inner = new MemoryStore();
    const unit = new BatchStore(inner, rowByRow(inner));
    await unit.recordScan('TN1', '2025-03-03T10:00:00Z');
    await unit.recordShipped('o1', '2025-03-03T09:00:00.000Z');
    await unit.recordShipped('o1', '2025-03-03T08:00:00.000Z');
    expect(inner.parcelScans.size).toBe(0);
    expect(await unit.scansOf(['TN1'])).toEqual(['2025-03-03T10:00:00.000Z']);
    expect(await unit.firstShippedAt('o1')).toBe('2025-03-03T08:00:00.000Z');
  });
});
