import { decodeEvent, type NotificationSent } from '@forewarn/contracts';
import { withTransaction } from '@forewarn/db';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { batchPlan } from '../consumers/batch-plan.js';
import { pgStore } from '../db/pg-store.js';
import type { Case } from '../domain/cases/case.js';
import type { CaseEvent } from '../domain/cases/to-contract.js';
import type { DetectorPolicy } from '../domain/policy.js';
import type { FeedMessage } from '../domain/rules/feed-rules.js';
import type { DetectorEvent } from '../domain/projection/events.js';
import { fireDueTimers } from '../timers/poller.js';
import * as commands from '../workflow/commands.js';
import * as engine from '../workflow/engine.js';
import * as notices from '../workflow/notices.js';
import type { Store } from '../workflow/store.js';
import { migratedPool, silentLogger } from './db.js';

const opened: PgWorld[] = [];

/**
 * The workflow on a database of its own, for tests of the engine: every call runs in one
 * transaction on the store the service uses, and the cases and case events it left are read
 * back after it (kept in `cases` and `events`, in the order they were written).
 */
export class PgWorld {
  cases = new Map<string, Case>();
  events: CaseEvent[] = [];
  /** Absence timers fire this long after their deadline (the poller's grace). */
  graceMs = 0;

  private constructor(
    readonly pool: pg.Pool,
    private readonly env: TestEnv,
  ) {}

  static async open(label = 'detector-world'): Promise<PgWorld> {
    const env = await createTestEnv(label, { topology: false });
    const world = new PgWorld(await migratedPool(env.databaseUrl), env);
    opened.push(world);
    return world;
  }

  async run<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const result = await withTransaction(this.pool, (db) => pgStore(db, []).run(work));
    await this.refresh();
    return result;
  }

  /** Events as the consumer applies one batch of them: read ahead, decided, written back. */
  async batch(events: readonly DetectorEvent[], ctx: engine.Clocked): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      const store = pgStore(db, []);
      await store.preload(batchPlan(events, []));
      for (const e of events) await engine.handleEvent(store, e, ctx);
      await store.flush();
    });
    await this.refresh();
  }

  recordScan(trackingNumber: string, at: string): Promise<void> {
    return this.run((s) => s.recordScan(trackingNumber, at));
  }

  /** Fires every timer due by `now`, as the poller does (absence timers after the grace). */
  async fireDue(now: Date, policy: DetectorPolicy): Promise<void> {
    const tick = () =>
      fireDueTimers({
        pool: this.pool,
        storeOf: (db) => pgStore(db, []),
        now: () => now,
        policy,
        logger: silentLogger,
        graceMs: this.graceMs,
      });
    while ((await tick()) > 0);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const cases = await this.pool.query<{ data: Case }>(
      'SELECT data FROM cases ORDER BY opened_at, case_id',
    );
    this.cases = new Map(cases.rows.map((r) => [r.data.caseId, r.data]));
    const events = await this.pool.query<{ value: Buffer }>('SELECT value FROM outbox ORDER BY id');
    this.events = events.rows.map((r) => decodeEvent(r.value).event as CaseEvent);
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.env.cleanup();
  }
}

/** Drops the databases of the worlds opened so far (a test file's afterAll). */
export async function closeWorlds(): Promise<void> {
  await Promise.all(opened.splice(0).map((w) => w.close()));
}

type Ctx = engine.Clocked;

/** The workflow's entry points on a world, each in a transaction of its own. */
export const handleEvent = (w: PgWorld, event: DetectorEvent, ctx: Ctx) =>
  w.run((s) => engine.handleEvent(s, event, ctx));
export const handleFeedMessages = (
  w: PgWorld,
  source: string,
  messages: readonly FeedMessage[],
  ctx: Ctx,
) => w.run((s) => engine.handleFeedMessages(s, source, messages, ctx));
export const handleNotice = (w: PgWorld, event: NotificationSent, ctx: Ctx) =>
  w.run((s) => notices.handleNotice(s, event, ctx));
export const handleRequest = (w: PgWorld, r: commands.RequestIntake, ctx: Ctx) =>
  w.run((s) => commands.handleRequest(s, r, ctx));
