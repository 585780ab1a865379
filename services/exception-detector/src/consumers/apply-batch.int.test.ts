import type { ForewarnEvent } from '@forewarn/contracts';
import { sampleTrackingScanned } from '@forewarn/contracts/fixtures';
import { createTestEnv, recordStatements, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgStore } from '../db/pg-store.js';
import { defaultPolicy } from '../domain/policy.js';
import * as b from '../testing/scenarios/builders.js';
import { migratedPool } from '../testing/db.js';
import { applyDetectorBatch, type BatchDeps, type BatchMessage } from './apply-batch.js';

const AT = '2025-03-06T08:00:00.000Z';
const messages = (topic: string, events: readonly ForewarnEvent[]): BatchMessage[] =>
  events.map((value, i) => ({
    topic,
    partition: 0,
    offset: String(i),
    value,
    headers: {},
    timestamp: Date.parse(AT),
  }));

const scans = (n: number, from = 0) =>
  Array.from({ length: n }, (_, j) => j + from).map((i) =>
    sampleTrackingScanned({
      eventId: `scan-${i}`,
      occurredAt: AT,
      payload: { trackingNumber: `1ZCOUNT${i}`, scannedAt: AT },
    }),
  );
const notices = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    b.noticeSent(b.story(`n${i}`), AT, { eventId: `eta-${i}`, type: 'shipment.eta-changed' }),
  );
const orders = (n: number) =>
  Array.from({ length: n }, (_, i) => b.orderStatus(b.story(`o${i}`), AT));

/**
 * The fixed statements of a batch transaction, on a real PostgreSQL (issue 17): BEGIN, one
 * statement that takes the batch's locks and claims its events in the inbox, the reads the
 * rules need, one statement for the whole write-back with the progress, COMMIT. Whatever the
 * batch's size. A count that grows is a round trip per batch more on the detector's hot path.
 */
describe('applyDetectorBatch: statements per batch transaction (integration: real database)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  let deps: Omit<BatchDeps, 'pool'>;
  beforeAll(async () => {
    env = await createTestEnv('detector-batch-count', { topology: false });
    pool = await migratedPool(env.databaseUrl);
    deps = {
      group: 'detector',
      storeOf: (db) => pgStore(db, []),
      policy: defaultPolicy,
      now: () => new Date('2025-03-06T09:00:00Z'),
      sentAt: (m) => new Date(m.timestamp),
      writtenAt: (m) => new Date(m.timestamp),
    };
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  const apply = async (msgs: BatchMessage[]) => {
    const log = recordStatements(pool);
    await applyDetectorBatch({ ...deps, pool: log.pool }, msgs);
    return log.transactionSizes;
  };
  const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);

  it('a batch of source messages (carrier scans): 6 statements, whatever its size', async () => {
    // BEGIN, locks + inbox claim, the feed state with its silence timers, the feed's open
    // cases, the write-back (feed state, parcel scans, progress) in one statement, COMMIT.
    expect(await apply(messages('src.carrier', scans(1)))).toEqual([6]);
    expect(await apply(messages('src.carrier', scans(1, 1)))).toEqual([6]);
    expect(await apply(messages('src.carrier', scans(20, 2)))).toEqual([6]);
    // Sent before the feed's latest (another partition's backlog): the silences they may
    // split were read ahead with the feed state, not in a statement of their own.
    const late = messages('src.carrier', scans(3, 22)).map((m) => ({
      ...m,
      timestamp: Date.parse(AT) - 3_600_000,
    }));
    expect(await apply(late)).toEqual([6]);
    expect(await count('SELECT count(*) AS n FROM inbox')).toBe(25);
    expect(await count('SELECT count(*) AS n FROM parcel_scans')).toBe(25);
    expect(await count('SELECT count(*) AS n FROM feed_state')).toBe(1);
    expect(await count(`SELECT max(next_offset) AS n FROM consumer_progress`)).toBe(20);
  });

  it('a batch of notices: 5 statements; its replay claims nothing and writes nothing', async () => {
    const batch = messages('dom.notifications', notices(15));
    // BEGIN, locks + inbox claim, the cases the notices mark, customer_notices, COMMIT.
    expect(await apply(batch)).toEqual([5]);
    expect(await count('SELECT count(*) AS n FROM customer_notices')).toBe(15);
    // BEGIN, locks + (empty) claim, COMMIT.
    expect(await apply(batch)).toEqual([3]);
    expect(await count('SELECT count(*) AS n FROM customer_notices')).toBe(15);
  });

  it('a batch of new orders: the same statements for 1 order as for 10', async () => {
    const one = await apply(messages('dom.orders', orders(1)));
    const ten = await apply(messages('dom.orders', orders(11).slice(1)));
    expect(ten).toEqual(one);
    // BEGIN, locks + inbox claim, the projections, the open cases, the write-back, COMMIT.
    expect(one).toEqual([6]);
    expect(await count('SELECT count(*) AS n FROM order_views')).toBe(11);
  });
});
