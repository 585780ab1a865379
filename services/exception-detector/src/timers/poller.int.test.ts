import { withTransaction } from '@forewarn/db';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgStore, type StoreOf } from '../db/pg-store.js';
import type { Case } from '../domain/cases/case.js';
import { defaultPolicy as policy } from '../domain/policy.js';
import { migratedPool, silentLogger } from '../testing/db.js';
import { handleFeedMessages } from '../workflow/engine.js';
import { nextDueTimer, scheduleTimers } from '../db/timers.js';
import { sourceWatermark } from '@forewarn/runtime';
import { fireDueTimers } from './poller.js';

describe('durable timer poller (real PostgreSQL, injected clock)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const storeOf: StoreOf = (db) => pgStore(db, []);
  const fireAt = (iso: string) =>
    fireDueTimers({
      pool,
      storeOf,
      now: () => new Date(iso),
      policy,
      logger: silentLogger,
      retry: {
        maxAttempts: 3,
        backoff: { initialMs: 60_000, maxMs: 600_000, factor: 2 },
        transientBackoff: { initialMs: 1_000, maxMs: 5_000, factor: 2 },
        jitter: 'none',
      },
    });
  const feedSeen = (eventId: string, iso: string) =>
    withTransaction(pool, (db) =>
      storeOf(db).run((store) =>
        handleFeedMessages(
          store,
          'erp-sap',
          [{ eventId, type: 'erp.order.created', sentAt: iso }],
          { policy, now: new Date(iso) },
        ),
      ),
    );
  /** A carrier's send, written to its topic `lagH` hours after it was sent (the doors). */
  const seen = (source: string, eventId: string, sentAt: string, lagH: number) =>
    withTransaction(pool, (db) =>
      storeOf(db).run((store) =>
        handleFeedMessages(
          store,
          source,
          [
            {
              eventId,
              type: 'carrier.tracking.scanned',
              sentAt,
              writtenAt: new Date(Date.parse(sentAt) + lagH * 3_600_000).toISOString(),
            },
          ],
          { policy, now: new Date(sentAt) },
        ),
      ),
    );
  /**
   * Ticks of one poller across an outage, at a given wall time. A read of the watermark: the
   * instant, the outage ('away', as sourceWatermark throws then), or undefined (the sources idle).
   */
  const outageTicks = () => {
    const reads = { history: {} };
    return (iso: string, watermark: Date | 'away' | undefined, wallMs: number) =>
      fireDueTimers({
        pool,
        storeOf,
        now: () => new Date(iso),
        policy,
        logger: silentLogger,
        reads,
        outageHoldMs: 60_000,
        wallNow: () => wallMs,
        watermark: async () => {
          if (watermark === 'away') throw new Error('connection refused');
          return watermark;
        },
      });
  };
  const feedCases = async () =>
    (
      await pool.query<{ data: Case }>(
        `SELECT data FROM cases WHERE case_type = 'source_feed_stalled'`,
      )
    ).rows.map((r) => r.data);
  const cases = async () => (await feedCases()).map((c) => `${c.subject.id}:${c.status}`).sort();
  /**
   * Two door-fed feeds (ups, fedex) sent at 15:00 (their silences due 16:00), half an hour to
   * their topic; the database goes away at 15:30 (ups's 15:45 send is held in its source's
   * retries) and stays away until 30 s wall. Returns the poller's ticks, the outage recorded.
   */
  const throughOutage = async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    const tick = outageTicks();
    await seen('carrier:ups', 'u-1', '2025-03-06T15:00:00Z', 0.5);
    await seen('carrier:fedex', 'f-1', '2025-03-06T15:00:00Z', 0.5);
    await tick('2025-03-06T15:30:00Z', new Date('2025-03-06T15:30:00Z'), 1_000);
    await tick('2025-03-06T15:50:00Z', 'away', 2_000);
    await tick('2025-03-06T19:00:00Z', 'away', 30_000);
    return tick;
  };
  const timerRow = async (timerId: string) =>
    (
      await pool.query<{
        attempts: number;
        fired_at: Date | null;
        retry_at: Date | null;
        dead_at: Date | null;
        last_error: string | null;
      }>(
        `SELECT attempts, fired_at, retry_at, dead_at, last_error FROM timers WHERE timer_id = $1`,
        [timerId],
      )
    ).rows[0]!;
  const poison = () => timerRow('poison');
  const silence = async () => {
    const { rows } = await pool.query<{ timer_id: string }>(
      `SELECT timer_id FROM timers WHERE kind = 'feed_stalled'`,
    );
    return timerRow(rows[0]!.timer_id);
  };
  /** A fault of the real database: inserting a case raises this SQLSTATE (undefined: no fault). */
  const refuseCases = async (sqlstate: string | undefined) => {
    await pool.query('DROP TRIGGER IF EXISTS refuse_cases ON cases');
    if (!sqlstate) return;
    await pool.query(`CREATE OR REPLACE FUNCTION refuse_cases() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'cases refused' USING ERRCODE = '${sqlstate}'; END $$ LANGUAGE plpgsql`);
    await pool.query(
      'CREATE TRIGGER refuse_cases BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_cases()',
    );
  };

  beforeAll(async () => {
    env = await createTestEnv('detector-timers');
    pool = await migratedPool(env.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('a poison timer is parked dead at once; it never holds back the timers due after it, and a stalled feed opens and auto-resolves', async () => {
    await feedSeen('e-1', '2025-03-06T15:00:00Z'); // Thursday 10:00 EST: due at 16:00Z
    // Its spec lacks a subject: handling it throws a TypeError, every time.
    await pool.query(
      `INSERT INTO timers (timer_id, kind, due_at, spec) VALUES ('poison', 'late_shipment', $1, $2)`,
      [
        '2025-03-06T15:30:00Z',
        JSON.stringify({
          timerId: 'poison',
          kind: 'late_shipment',
          dueAt: '2025-03-06T15:30:00Z',
        }),
      ],
    );

    expect(await fireAt('2025-03-06T16:00:00Z')).toBe(2);
    expect(await feedCases()).toMatchObject([{ status: 'open', priority: 'critical' }]);
    const dead = await poison();
    expect(dead).toMatchObject({
      attempts: 1,
      fired_at: null,
      retry_at: null,
      dead_at: new Date('2025-03-06T16:00:00Z'),
    });
    expect(dead.last_error).toMatch(/TypeError/);
    // It resolves once the feed has sent again for its settle period (2 h) without stalling.
    await feedSeen('e-2', '2025-03-06T16:30:00Z');
    await feedSeen('e-3', '2025-03-06T17:20:00Z');
    await feedSeen('e-4', '2025-03-06T18:10:00Z');
    expect(await feedCases()).toMatchObject([{ status: 'open' }]);
    await feedSeen('e-5', '2025-03-06T18:30:00Z');
    expect(await feedCases()).toMatchObject([
      {
        status: 'resolved',
        resolution: { kind: 'auto_resolved', reason: 'erp-sap sends events again' },
      },
    ]);
    expect(await fireAt('2025-03-06T17:29:00Z')).toBe(0); // dead; the SLA clocks were cancelled
    expect((await poison()).attempts).toBe(1);
  });

  it('a timer whose effects fail for an unknown reason is retried with backoff, then dead', async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    await feedSeen('e-1', '2025-03-06T15:00:00Z'); // its silence is due at 16:00Z
    // PostgreSQL refuses the case its effects open (P0001: neither a dependency away nor bad input).
    await refuseCases('P0001');
    expect(await fireAt('2025-03-06T16:00:00Z')).toBe(1);
    expect(await silence()).toMatchObject({
      attempts: 1,
      fired_at: null,
      retry_at: new Date('2025-03-06T16:01:00Z'),
      dead_at: null,
    });
    expect(await fireAt('2025-03-06T16:00:59Z')).toBe(0); // backing off
    expect(await fireAt('2025-03-06T16:01:00Z')).toBe(1);
    expect((await silence()).retry_at).toEqual(new Date('2025-03-06T16:03:00Z'));
    expect(await fireAt('2025-03-06T16:03:00Z')).toBe(1);
    const dead = await silence();
    expect(dead).toMatchObject({ attempts: 3, dead_at: new Date('2025-03-06T16:03:00Z') });
    expect(dead.last_error).toMatch(/cases refused/);
    await refuseCases(undefined);
    expect(await fireAt('2025-03-06T17:00:00Z')).toBe(0);
    expect(await feedCases()).toEqual([]);
  });

  it('a timer whose effects fail on a transient error (a deadlock) is retried soon and never dead, and fires once it passes', async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    await feedSeen('e-1', '2025-03-06T15:00:00Z');
    await refuseCases('40P01');
    // Five failures, more than maxAttempts (3): still armed, on the transient backoff (1 s, 2 s, ...).
    let at = Date.parse('2025-03-06T16:00:00Z');
    for (const wait of [1_000, 2_000, 4_000, 5_000, 5_000]) {
      expect(await fireAt(new Date(at).toISOString())).toBe(1);
      at += wait;
      expect(await silence()).toMatchObject({ dead_at: null, retry_at: new Date(at) });
    }
    expect((await silence()).attempts).toBe(5);
    await refuseCases(undefined);
    expect(await fireAt(new Date(at).toISOString())).toBe(1);
    expect(await silence()).toMatchObject({ fired_at: new Date(at), dead_at: null });
    expect(await feedCases()).toMatchObject([{ status: 'open' }]);
  });

  it('holds a feed whose sends reach their topic late (the doors) by its own lag, then judges its silence once, and other feeds are not held', async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    // Thursday 10:00 EST: both silences are due at 16:00Z. The door-fed feed's sends take 4 h
    // to reach their topic; the other's none.
    await seen('carrier:fedex', 'f-1', '2025-03-06T15:00:00Z', 4);
    await seen('carrier:dhl', 'd-1', '2025-03-06T15:00:00Z', 0);

    // 17:00: the other feed is judged; the door-fed one may still have a send in the doors.
    await fireAt('2025-03-06T17:00:00Z');
    expect(await cases()).toEqual(['carrier:dhl:open']);
    // Its 15:40 send arrives (written 19:40): no stall after all, no case.
    await seen('carrier:fedex', 'f-2', '2025-03-06T15:40:00Z', 4);
    await fireAt('2025-03-06T19:59:00Z');
    expect(await cases()).toEqual(['carrier:dhl:open']);
    // Then it really stops: its silence (due 16:40) is judged at 20:40, once.
    await fireAt('2025-03-06T20:39:00Z');
    expect(await cases()).toEqual(['carrier:dhl:open']);
    await fireAt('2025-03-06T20:40:00Z');
    await fireAt('2025-03-06T21:40:00Z');
    expect(await cases()).toEqual(['carrier:dhl:open', 'carrier:fedex:open']);

    // Once the sources are idle (the watermark sets no limit) nothing is on its way: the end
    // of a simulated day, where the clock stands still, judges the lagging feed's silence too.
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    await seen('carrier:fedex', 'f-3', '2025-03-06T15:00:00Z', 4);
    const withWatermark = (iso: string, watermark: Date | undefined) =>
      fireDueTimers({
        pool,
        storeOf,
        now: () => new Date(iso),
        policy,
        logger: silentLogger,
        watermark: async () => watermark,
      });
    await withWatermark('2025-03-06T17:00:00Z', new Date('2025-03-06T17:00:00Z'));
    expect(await cases()).toEqual([]);
    await withWatermark('2025-03-06T17:00:00Z', undefined);
    expect(await cases()).toEqual(['carrier:fedex:open']);
  });

  it('after the broker or database was away, a door-fed feed waits for the sends the outage held; one that died with it is judged once the hold is over', async () => {
    const tick = await throughOutage();
    // Back: the Kafka-fed sources' backlog moves the watermark to 20:00, past both deadlines,
    // and the feeds' recorded lags (half an hour) know nothing of the outage.
    await tick('2025-03-06T20:00:00Z', new Date('2025-03-06T20:00:00Z'), 31_000);
    expect(await cases()).toEqual([]);
    // ups's held send arrives (written 20:30): its silence since 15:00 was none.
    await seen('carrier:ups', 'u-2', '2025-03-06T15:45:00Z', 4.75);
    await tick('2025-03-06T20:30:00Z', new Date('2025-03-06T20:30:00Z'), 40_000);
    expect(await cases()).toEqual([]);
    // fedex sends nothing: once the hold (60 s wall after the outage) is over, it is judged.
    await tick('2025-03-06T21:00:00Z', new Date('2025-03-06T21:00:00Z'), 91_000);
    expect(await cases()).toEqual([]);
    await tick('2025-03-06T21:00:00Z', new Date('2025-03-06T21:00:00Z'), 91_001);
    expect(await cases()).toEqual(['carrier:fedex:open']);
    const ups = await pool.query(
      `SELECT 1 FROM timers WHERE timer_id LIKE 'feed_stalled:%carrier:ups%2025-03-06T15:00:00%' AND fired_at IS NOT NULL`,
    );
    expect(ups.rowCount).toBe(0);
  });

  it("after an outage, idle sources do not end a door-fed feed's hold: the doors' outbox may still hold its sends", async () => {
    // ups's 15:45 send is accepted once the database is back, but sits in ingestion's outbox
    // while its relay backs off; the simulated day's clock stands still at its end (20:00).
    const tick = await throughOutage();
    await tick('2025-03-06T20:00:00Z', new Date('2025-03-06T20:00:00Z'), 31_000);
    // Back, and nothing reaches the topics for the idle period: the sources count as idle.
    await tick('2025-03-06T20:00:00Z', undefined, 42_000);
    expect(await cases()).toEqual([]);
    // The relay publishes ups's held send: its silence since 15:00 was none. Messages arrive,
    // so the sources are no longer idle.
    await seen('carrier:ups', 'u-2', '2025-03-06T15:45:00Z', 4.25);
    await tick('2025-03-06T20:00:00Z', new Date('2025-03-06T20:00:00Z'), 50_000);
    expect(await cases()).toEqual([]);
    // Idle again: the day's end is judged once the hold (60 s wall after the outage) is over
    // (ups's 15:45 send is from before the first failed read, 15:50: it does not say the rest
    // are in). Then fedex's silence since 15:00 and ups's since its 15:45 send are real.
    await tick('2025-03-06T20:00:00Z', undefined, 91_000);
    expect(await cases()).toEqual([]);
    await tick('2025-03-06T20:00:00Z', undefined, 91_001);
    expect(await cases()).toEqual(['carrier:fedex:open', 'carrier:ups:open']);
    const fired = await pool.query<{ since: string }>(
      `SELECT spec -> 'detail' ->> 'lastSeenAt' AS since FROM timers
       WHERE timer_id LIKE 'feed_stalled:%carrier:ups%' AND fired_at IS NOT NULL`,
    );
    expect(fired.rows.map((r) => Date.parse(r.since))).toEqual([
      Date.parse('2025-03-06T15:45:00Z'),
    ]);
  });

  it('after an outage, a send applied between the last good read and the first failed one does not end the hold: it may be the last one in', async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    const tick = outageTicks();
    // Reads a wall second apart are over an hour of a fast simulated day: the last good one at
    // 15:00, ups's 15:20 send applied, then the database goes and the first read fails at 16:30.
    await tick('2025-03-06T15:00:00Z', new Date('2025-03-06T15:00:00Z'), 1_000);
    await seen('carrier:ups', 'u-1', '2025-03-06T15:20:00Z', 0.1);
    await tick('2025-03-06T16:30:00Z', 'away', 2_000);
    await tick('2025-03-06T20:00:00Z', 'away', 30_000);
    // Back: ups's sends of 15:40 on are still in the doors; its silence since 15:20 waits.
    await tick('2025-03-06T20:00:00Z', new Date('2025-03-06T20:00:00Z'), 31_000);
    expect(await cases()).toEqual([]);
    await seen('carrier:ups', 'u-2', '2025-03-06T15:40:00Z', 4.5);
    await tick('2025-03-06T20:10:00Z', new Date('2025-03-06T20:10:00Z'), 35_000);
    expect(await cases()).toEqual([]);
    const fired = await pool.query(
      `SELECT 1 FROM timers WHERE timer_id LIKE 'feed_stalled:%carrier:ups%2025-03-06T15:20:00%' AND fired_at IS NOT NULL`,
    );
    expect(fired.rowCount).toBe(0);
  });

  it("holds a shipment's stall by its carrier feed's own cutoff, as it holds the feed's silence", async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    const stall = (id: string, feed: string) => ({
      timerId: `stalled_shipment:${id}`,
      kind: 'stalled_shipment' as const,
      subject: { kind: 'shipment' as const, id },
      dueAt: '2025-03-06T16:00:00.000Z',
      detail: { feed, silentSince: '2025-03-05T16:00:00.000Z' },
    });
    await scheduleTimers(pool, [stall('SHP-F', 'carrier:fedex'), stall('SHP-D', 'carrier:dhl')]);
    const now = new Date('2025-03-06T17:00:00Z');
    // fedex's scans reach their topic 4 h late: its cutoff is before the stalls' deadline.
    const cutoffs = new Map([['carrier:fedex', new Date('2025-03-06T13:00:00Z')]]);
    expect((await nextDueTimer(pool, now, now, cutoffs))?.timerId).toBe('stalled_shipment:SHP-D');
    await pool.query(
      `UPDATE timers SET fired_at = now() WHERE timer_id = 'stalled_shipment:SHP-D'`,
    );
    expect(await nextDueTimer(pool, now, now, cutoffs)).toBeUndefined();
    // Once fedex's cutoff passes the deadline its shipment's stall is judged.
    const later = new Map([['carrier:fedex', new Date('2025-03-06T16:30:00Z')]]);
    expect((await nextDueTimer(pool, now, now, later))?.timerId).toBe('stalled_shipment:SHP-F');
  });

  it("holds a missed ship date by the WMS and ERP feeds' own cutoffs, not by a carrier's", async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    const late = {
      timerId: 'late_shipment:SO-DOORS',
      kind: 'late_shipment' as const,
      subject: { kind: 'order' as const, id: 'SO-DOORS' },
      dueAt: '2025-03-06T22:00:00.000Z',
    };
    await scheduleTimers(pool, [late]);
    const now = new Date('2025-03-07T02:00:00Z');
    // The WMS's ship-confirms come through the doors 6 h late: its cutoff is before the deadline.
    const wmsLags = new Map([
      ['wms:manhattan', new Date('2025-03-06T20:00:00Z')],
      ['carrier:ups', new Date('2025-03-07T01:00:00Z')],
    ]);
    expect(await nextDueTimer(pool, now, now, wmsLags)).toBeUndefined();
    // An ERP feed in the doors (a cancellation on its way) holds it too; a carrier does not.
    const erpLags = new Map([['erp:sap-prod', new Date('2025-03-06T21:00:00Z')]]);
    expect(await nextDueTimer(pool, now, now, erpLags)).toBeUndefined();
    const carrierLags = new Map([['carrier:ups', new Date('2025-03-06T20:00:00Z')]]);
    expect((await nextDueTimer(pool, now, now, carrierLags))?.timerId).toBe(late.timerId);
    // Once every WMS and ERP cutoff passes the deadline it is judged.
    const caughtUp = new Map([
      ['wms:manhattan', new Date('2025-03-06T23:00:00Z')],
      ['erp:sap-prod', new Date('2025-03-07T01:00:00Z')],
    ]);
    expect((await nextDueTimer(pool, now, now, caughtUp))?.timerId).toBe(late.timerId);
  });

  it('holds an absence timer armed after its deadline for the wall grace from its arming', async () => {
    await pool.query('TRUNCATE timers, cases, outbox, feed_state CASCADE');
    // A backfilled order: its ship date passed days ago, and its ship-confirm, on the WMS feed,
    // may still be in flight when the order arms the timer.
    const late = {
      timerId: 'late_shipment:SO-BACKFILL',
      kind: 'late_shipment' as const,
      subject: { kind: 'order' as const, id: 'SO-BACKFILL' },
      dueAt: '2025-02-25T22:00:00.000Z',
    };
    const sla = {
      timerId: 'sla_breach:CASE-1',
      kind: 'sla_breach' as const,
      subject: { kind: 'order' as const, id: 'SO-BACKFILL' },
      caseId: 'CASE-1',
      dueAt: '2025-02-26T00:00:00.000Z',
    };
    await scheduleTimers(pool, [late, sla]);
    const now = new Date('2025-03-07T02:00:00Z');
    const next = (graceMs: number) => nextDueTimer(pool, now, now, new Map(), graceMs);
    // An SLA clock is not an absence: it fires at its time however late it was armed.
    expect((await next(60_000))?.timerId).toBe(sla.timerId);
    await pool.query(`UPDATE timers SET fired_at = now() WHERE timer_id = $1`, [sla.timerId]);
    expect(await next(60_000)).toBeUndefined();
    expect((await next(0))?.timerId).toBe(late.timerId);
    // Arming it again with the same deadline is the same arming: the wait does not start over.
    await pool.query(
      `UPDATE timers SET armed_at = now() - interval '2 minutes' WHERE timer_id = $1`,
      [late.timerId],
    );
    await scheduleTimers(pool, [late]);
    expect((await next(60_000))?.timerId).toBe(late.timerId);
    // A new deadline is a new arming, and so is scheduling it again after a cancellation.
    await scheduleTimers(pool, [{ ...late, dueAt: '2025-02-26T22:00:00.000Z' }]);
    expect(await next(60_000)).toBeUndefined();
    await pool.query(
      `UPDATE timers SET armed_at = now() - interval '2 minutes', cancelled_at = now()
        WHERE timer_id = $1`,
      [late.timerId],
    );
    await scheduleTimers(pool, [{ ...late, dueAt: '2025-02-26T22:00:00.000Z' }]);
    expect(await next(60_000)).toBeUndefined();
  });

  it('fires SLA clocks from the database while the broker is away; absence timers wait for it', async () => {
    await pool.query('TRUNCATE timers, cases, outbox CASCADE');
    // A real broker address nobody listens on: the watermark read fails as it would in an outage.
    const deadBroker = new Kafka({
      brokers: ['127.0.0.1:1'],
      connectionTimeout: 200,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    const watermark = sourceWatermark({
      admin: deadBroker,
      pool,
      groupId: 'detector',
      topics: ['source.erp.orders'],
      idleMs: 60_000,
    });
    const fireWithBrokerDown = (iso: string) =>
      fireDueTimers({
        pool,
        storeOf,
        now: () => new Date(iso),
        policy,
        logger: silentLogger,
        watermark,
      });
    await expect(watermark()).rejects.toThrow();

    // A stalled feed opens a case (its SLA clocks armed) while the broker is up.
    await feedSeen('e-10', '2025-03-10T15:00:00Z');
    expect(await fireAt('2025-03-10T16:00:00Z')).toBeGreaterThan(0);
    expect((await feedCases()).some((c) => c.status === 'open')).toBe(true);
    const slaClocks = await pool.query<{ kind: string; due_at: Date }>(
      `SELECT kind, due_at FROM timers WHERE kind IN ('sla_warning', 'sla_breach') AND fired_at IS NULL ORDER BY due_at`,
    );
    expect(slaClocks.rows.length).toBeGreaterThan(0);
    const lastDue = slaClocks.rows[slaClocks.rows.length - 1]!.due_at;
    // Another feed goes quiet: its absence timer is due too, but must wait for the broker.
    await withTransaction(pool, (db) =>
      storeOf(db).run((store) =>
        handleFeedMessages(
          store,
          'wms-manhattan',
          [{ eventId: 'w-1', type: 'wms.order.picked', sentAt: '2025-03-10T16:00:00Z' }],
          { policy, now: new Date('2025-03-10T16:00:00Z') },
        ),
      ),
    );
    const outboxBefore = await pool.query('SELECT count(*)::int AS n FROM outbox');

    const after = new Date(lastDue.getTime() + 60_000).toISOString();
    const fired = await fireWithBrokerDown(after);
    expect(fired).toBeGreaterThan(0);
    const left = await pool.query<{ kind: string; due_at: Date }>(
      'SELECT kind, due_at FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL',
    );
    // Every SLA clock due is fired (or cancelled by the one that fired); the quiet feed waits.
    expect(
      left.rows.filter((r) => r.kind.startsWith('sla_') && r.due_at <= new Date(after)),
    ).toEqual([]);
    expect(left.rows.map((r) => r.kind)).toContain('feed_stalled');
    // Their events wait in the outbox for the relay, which publishes once the broker is back.
    const outboxAfter = await pool.query('SELECT count(*)::int AS n FROM outbox');
    expect(outboxAfter.rows[0].n).toBeGreaterThan(outboxBefore.rows[0].n);
    // With the broker back (no watermark limit here), the absence timer fires too.
    expect(await fireAt(after)).toBeGreaterThan(0);
    const stillArmed = await pool.query(
      `SELECT 1 FROM timers WHERE kind = 'feed_stalled' AND fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1`,
      [after],
    );
    expect(stillArmed.rowCount).toBe(0);
  });
});
