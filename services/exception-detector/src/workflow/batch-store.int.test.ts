import { withTransaction } from '@forewarn/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgStore } from '../db/pg-store.js';
import { cancelTimers, mergeCancels, scheduleTimers, type TimerCancel } from '../db/timers.js';
import { batchPlan } from '../consumers/batch-plan.js';
import { saveCase } from '../db/cases.js';
import { openCase } from '../domain/cases/decide-detection.js';
import type { Detection } from '../domain/rules/signals.js';
import type { CaseType, Subject } from '../domain/types.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import { defaultPolicy } from '../domain/policy.js';
import type { TimerSpec } from '../domain/rules/signals.js';
import * as b from '../testing/scenarios/builders.js';
import { buildScenarios } from '../testing/scenarios/scenarios.js';
import { timeline } from '../testing/scenarios/timeline.js';
import { PgWorld, closeWorlds } from '../testing/pg-world.js';
import { handleEvent } from './engine.js';
import { handleNotice } from './notices.js';

afterAll(closeWorlds);

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );

/** The whole scenario suite, each tick's events in batches of `batchSize`. */
const ticks = timeline(buildScenarios('b'));

async function play(batchSize: number): Promise<PgWorld> {
  const world = await PgWorld.open();
  for (const tick of ticks) {
    const now = new Date(tick.at);
    const ctx = { policy: defaultPolicy, now };
    await world.fireDue(now, defaultPolicy);
    for (const batch of chunks(tick.events, batchSize)) await world.batch(batch, ctx);
    await world.fireDue(now, defaultPolicy);
  }
  return world;
}

/** Everything the workflow wrote, in an order that does not depend on how it was batched. */
async function stateOf(w: PgWorld) {
  const rows = async (sql: string) => (await w.pool.query(sql)).rows as unknown[];
  return {
    orders: await rows('SELECT data FROM order_views ORDER BY order_id'),
    shipments: await rows('SELECT data FROM shipment_views ORDER BY shipment_id'),
    skus: await rows('SELECT data FROM sku_views ORDER BY sku'),
    cases: await rows('SELECT data FROM cases ORDER BY case_id'),
    timers: await rows(
      'SELECT timer_id, due_at, spec, fired_at, cancelled_at FROM timers ORDER BY timer_id',
    ),
    events: await rows('SELECT event_id FROM outbox ORDER BY event_id'),
    audit: await rows(
      'SELECT case_id, at, actor, action, detail FROM case_audit ORDER BY case_id, id',
    ),
  };
}

describe('the store: a batch read ahead and written back decides as event by event', () => {
  let reference: Awaited<ReturnType<typeof stateOf>>;
  beforeAll(async () => {
    reference = await stateOf(await play(1));
  });

  it('has something to compare: the suite opens cases and arms timers', () => {
    expect(reference.cases.length).toBeGreaterThan(5);
    expect(reference.timers.length).toBeGreaterThan(5);
  });

  it.each([3, 100])('the scenario suite in batches of %i ends in the same state', async (n) => {
    expect(await stateOf(await play(n))).toEqual(reference);
  });

  it('decides a whole story in one batch (events on the same subjects) as event by event', async () => {
    const events = ticks.flatMap((t) => t.events);
    const ctx = { policy: defaultPolicy, now: new Date(ticks[ticks.length - 1]!.at) };
    const [direct, batched] = [await PgWorld.open(), await PgWorld.open()];
    for (const e of events) await direct.batch([e], ctx);
    for (const batch of chunks(events, 100)) await batched.batch(batch, ctx);
    expect(await stateOf(batched)).toEqual(await stateOf(direct));
  });
});

describe('the store: notices read ahead with their batch decide as event by event', () => {
  type Event = DetectorEvent | ReturnType<typeof b.noticeSent>;
  const ctx = { policy: defaultPolicy, now: new Date('2025-03-06T20:00:00Z') };
  /** The events as the domain consumer applies a batch: read ahead, decided, written back. */
  const apply = (world: PgWorld, batch: readonly Event[]) =>
    withTransaction(world.pool, async (db) => {
      const store = pgStore(db, []);
      await store.preload(batchPlan(batch, []));
      for (const e of batch)
        if (e.type === 'notification.sent') await handleNotice(store, e, ctx);
        else await handleEvent(store, e as DetectorEvent, ctx);
      await store.flush();
    });
  const delayStory = (key: string) => {
    const s = b.story(key);
    const status = b.shipmentStatus(s, '2025-03-06T12:00:00Z', { customerTier: 'retail' });
    const eta = b.etaChanged(s, '2025-03-06T13:00:00Z', { customerTier: 'retail' });
    return { s, status, eta };
  };

  it('marks cases opened, told, named and told again within one batch as one event at a time does', async () => {
    const told = delayStory('bn1');
    const early = delayStory('bn2');
    const named = delayStory('bn3');
    // The case the last story's notice names: opened by its ETA event, as a run of it shows.
    const probe = await PgWorld.open();
    await apply(probe, [named.status, named.eta]);
    const { rows } = await probe.pool.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE subject_id = $1 AND case_type = 'carrier_delay'`,
      [named.s.shipmentId],
    );
    const caseId = rows[0]!.case_id;
    const events: Event[] = [
      told.status,
      told.eta,
      b.noticeSent(told.s, '2025-03-06T13:05:00Z', told.eta),
      b.noticeSent(told.s, '2025-03-06T18:00:00Z', told.eta, { notificationId: 'ntf-2' }),
      // Told before the event that opens the case.
      b.noticeSent(early.s, '2025-03-06T12:30:00Z', early.eta),
      early.status,
      early.eta,
      named.status,
      named.eta,
      b.noticeSent(named.s, '2025-03-06T13:05:00Z', {
        eventId: 'x-shipped',
        type: 'shipment.status-changed',
      }),
      b.noticeSent(
        named.s,
        '2025-03-06T13:10:00Z',
        { eventId: 'case-evt', type: 'case.opened' },
        { caseId },
      ),
    ];
    const [direct, batched] = [await PgWorld.open(), await PgWorld.open()];
    for (const e of events) await apply(direct, [e]);
    await apply(batched, events);
    const state = await stateOf(batched);
    expect(state).toEqual(await stateOf(direct));
    const notified = (
      await batched.pool.query<{ id: string; told: boolean }>(
        `SELECT subject_id AS id, (data ->> 'customerNotified')::boolean AS told FROM cases
         WHERE case_type = 'carrier_delay' ORDER BY subject_id`,
      )
    ).rows;
    expect(notified).toEqual(
      [told, early, named]
        .map((x) => ({ id: x.s.shipmentId, told: true }))
        .sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });
});

describe('the store write-back', () => {
  let world: PgWorld;
  beforeAll(async () => {
    world = await PgWorld.open();
  });
  const timer = (timerId: string, dueAt: string): TimerSpec => ({
    timerId,
    kind: 'late_shipment',
    subject: { kind: 'order', id: timerId },
    dueAt,
  });
  const timerRows = async (ids: readonly string[]) =>
    (
      await world.pool.query(
        `SELECT due_at, fired_at, cancelled_at FROM timers WHERE timer_id = ANY($1) ORDER BY timer_id`,
        [ids],
      )
    ).rows;

  it('replays a timer changed several times in one batch in order, and writes at flush', async () => {
    const at = new Date('2025-03-03T10:00:00Z');
    const changes = async (s: ReturnType<typeof pgStore>, id: string, flushEach: boolean) => {
      const step = async (f: () => Promise<void>) => {
        await f();
        if (flushEach) await s.flush();
      };
      await step(() => s.schedule(timer(`${id}:o1`, '2025-03-04T00:00:00.000Z')));
      await step(() => s.schedule(timer(`${id}:o2`, '2025-03-04T00:00:00.000Z')));
      await step(() => s.cancel(`${id}:o1`, at));
      await step(() => s.schedule(timer(`${id}:o1`, '2025-03-05T00:00:00.000Z')));
      await step(() => s.cancel(`${id}:o1`, at, { asOf: '2025-03-06T00:00:00.000Z' }));
    };
    await withTransaction(world.pool, (db) => changes(pgStore(db, []), 'direct', true));
    await withTransaction(world.pool, async (db) => {
      const unit = pgStore(db, []);
      await changes(unit, 'unit', false);
      expect(await timerRows(['unit:o1', 'unit:o2'])).toEqual([]);
      await unit.flush();
    });
    const written = await timerRows(['unit:o1', 'unit:o2']);
    expect(written).toHaveLength(2);
    expect(written).toEqual(await timerRows(['direct:o1', 'direct:o2']));
  });

  it('merges two cancels in a row only into what applying both would leave', async () => {
    const bulk = {
      schedule: (t: TimerSpec[]) => scheduleTimers(world.pool, t),
      cancel: (c: TimerCancel[]) => cancelTimers(world.pool, c),
    };
    const at = new Date('2025-03-03T10:00:00Z');
    const due = '2025-03-04T00:00:00.000Z';
    const cancels = (timerId: string): TimerCancel[] => [
      { timerId, at },
      { timerId, at, asOf: '2025-03-03T00:00:00.000Z' },
      { timerId, at, asOf: '2025-03-05T00:00:00.000Z' },
      { timerId, at, forget: true },
      { timerId, at: new Date('2025-03-03T11:00:00Z') },
    ];
    const starts: ((id: string) => Promise<void>)[] = [
      async () => undefined,
      (id) => bulk.schedule([timer(id, due)]),
      async (id) => {
        await bulk.schedule([timer(id, due)]);
        await world.pool.query('UPDATE timers SET fired_at = $2 WHERE timer_id = $1', [id, due]);
      },
      async (id) => {
        await bulk.schedule([timer(id, due)]);
        await bulk.cancel([{ timerId: id, at: new Date('2025-03-01T00:00:00Z') }]);
      },
    ];
    let merged = 0;
    for (const [si, start] of starts.entries())
      for (const [ai, a] of cancels('x').entries())
        for (const [bi, b] of cancels('x').entries()) {
          const m = mergeCancels(a, b);
          if (!m) continue;
          merged++;
          const [both, once] = [`both:${si}:${ai}:${bi}`, `once:${si}:${ai}:${bi}`];
          await start(both);
          await start(once);
          for (const c of [a, b]) await bulk.cancel([{ ...c, timerId: both }]);
          await bulk.cancel([{ ...m, timerId: once }]);
          expect(await timerRows([once])).toEqual(await timerRows([both]));
        }
    expect(merged).toBeGreaterThan(40);
  });

  it('answers reads of what it holds from memory, searches after writing back', async () => {
    await withTransaction(world.pool, async (db) => {
      const unit = pgStore(db, []);
      await unit.recordScan('TN-held', '2025-03-03T10:00:00Z');
      await unit.recordShipped('o-held', '2025-03-03T09:00:00.000Z');
      await unit.recordShipped('o-held', '2025-03-03T08:00:00.000Z');
      const held = await db.query(`SELECT 1 FROM parcel_scans WHERE tracking_number = 'TN-held'`);
      expect(held.rows).toEqual([]);
      expect(await unit.scansOf(['TN-held'])).toEqual(['2025-03-03T10:00:00.000Z']);
      expect(await unit.firstShippedAt('o-held')).toBe('2025-03-03T08:00:00.000Z');
    });
  });

  it('reads the open cases about subjects once, locked, then answers them from memory', async () => {
    const detect = (subject: Subject, caseType: CaseType): Detection => ({
      kind: 'detect',
      caseType,
      subject,
      priority: 'normal',
      queue: 'transportation',
      title: 'Late',
      explanation: 'Late.',
      evidence: { eventId: `ev-${subject.id}`, type: 'x', occurredAt: '', summary: '' },
      party: { customerId: 'C-open', shipmentId: 'SHP-open', orderId: 'ORD-open' },
      facts: { issue: 'late' },
    });
    const ctx = (at: string) => ({ policy: defaultPolicy, now: new Date(at) });
    const shipment: Subject = { kind: 'shipment', id: 'SHP-open' };
    const order: Subject = { kind: 'order', id: 'ORD-open' };
    const later = openCase(detect(shipment, 'carrier_delay'), ctx('2025-03-06T14:00:00Z')).case;
    const first = openCase(detect(order, 'late_shipment_risk'), ctx('2025-03-06T10:00:00Z')).case;
    for (const c of [later, first]) await saveCase(world.pool, c);
    await withTransaction(world.pool, async (db) => {
      let reads = 0;
      const counted = (...a: [string]) => {
        reads++;
        return db.query(...a);
      };
      const unit = pgStore({ query: counted as typeof db.query }, []);
      const ids = async () => (await unit.openCasesFor([shipment, order])).map((c) => c.caseId);
      expect(await ids()).toEqual([first.caseId, later.caseId]);
      expect(reads).toBe(1);
      // Held for the transaction: another cannot take them.
      const other = await world.pool.connect();
      try {
        const lock = `SELECT 1 FROM cases WHERE case_id = $1 FOR UPDATE NOWAIT`;
        await expect(other.query(lock, [later.caseId])).rejects.toThrow(/lock/);
      } finally {
        other.release();
      }
      expect(await ids()).toEqual([first.caseId, later.caseId]);
      expect((await unit.findOpenCase(shipment, 'carrier_delay'))?.caseId).toBe(later.caseId);
      expect(reads).toBe(1);
    });
  });
});
