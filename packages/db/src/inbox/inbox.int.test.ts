import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countRows, servicePool, silentLogger } from '../test-support/db.js';
import { withTransaction } from '../transaction.js';
import { filterUnprocessed, markProcessed, pruneInbox } from './batch.js';
import { processOnce } from './process-once.js';
import { startInboxPruner } from './pruner.js';

type Queryable = Pick<pg.ClientBase, 'query'>;
const applyEffect = (c: Queryable, id: string) =>
  c.query('INSERT INTO effects (message_id) VALUES ($1) RETURNING message_id', [id]);

describe('inbox (integration: real PostgreSQL)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  const effects = (id: string) =>
    countRows(pool, `SELECT count(*) AS n FROM effects WHERE message_id = '${id}'`);
  const markers = (id: string) =>
    countRows(pool, `SELECT count(*) AS n FROM inbox WHERE message_id = '${id}'`);

  beforeAll(async () => {
    env = await createTestEnv('db-inbox');
    pool = await servicePool(env.databaseUrl, 'svc', [
      'CREATE TABLE effects (message_id text NOT NULL)',
    ]);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE effects, inbox');
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('applies a message once and skips its redelivery', async () => {
    const first = await withTransaction(pool, (c) =>
      processOnce(
        c,
        { consumer: 'c1', source: 'erp:sap', messageId: 'm1' },
        async (tx) => (await applyEffect(tx, 'm1')).rowCount,
      ),
    );
    let ranAgain = false;
    const second = await withTransaction(pool, (c) =>
      processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'm1' }, async (tx) => {
        ranAgain = true;
        return (await applyEffect(tx, 'm1')).rowCount;
      }),
    );
    expect(first).toEqual({ status: 'processed', value: 1 });
    expect(second).toEqual({ status: 'duplicate' });
    expect(ranAgain).toBe(false);
    expect(await effects('m1')).toBe(1);
  });

  it('keeps consumers apart: the same message id is new to another consumer', async () => {
    await withTransaction(pool, (c) =>
      processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'm2' }, (tx) =>
        applyEffect(tx, 'm2'),
      ),
    );
    const other = await withTransaction(pool, (c) =>
      processOnce(c, { consumer: 'c2', source: 'erp:sap', messageId: 'm2' }, (tx) =>
        applyEffect(tx, 'm2'),
      ),
    );
    expect(other.status).toBe('processed');
  });

  it('rolls back the effect and the marker when fn fails, so the redelivery is applied', async () => {
    await expect(
      withTransaction(pool, (c) =>
        processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'm3' }, async (tx) => {
          await applyEffect(tx, 'm3');
          throw new Error('downstream rule failed');
        }),
      ),
    ).rejects.toThrow('downstream rule failed');
    expect(await effects('m3')).toBe(0);
    expect(await markers('m3')).toBe(0);

    const retry = await withTransaction(pool, (c) =>
      processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'm3' }, (tx) =>
        applyEffect(tx, 'm3'),
      ),
    );
    expect(retry.status).toBe('processed');
    expect(await effects('m3')).toBe(1);
  });

  it('undoes only the failed message when the caller carries on with its transaction', async () => {
    await withTransaction(pool, async (c) => {
      await processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'ok' }, (tx) =>
        applyEffect(tx, 'ok'),
      );
      await expect(
        processOnce(c, { consumer: 'c1', source: 'erp:sap', messageId: 'bad' }, async (tx) => {
          await applyEffect(tx, 'bad');
          await tx.query('SELECT 1 / 0'); // leaves the transaction aborted but for the savepoint
        }),
      ).rejects.toThrow(/division by zero/);
    });
    expect([await effects('ok'), await markers('ok')]).toEqual([1, 1]);
    expect([await effects('bad'), await markers('bad')]).toEqual([0, 0]);
  });

  it('refuses to run outside a transaction, where the marker would commit alone', async () => {
    const client = await pool.connect();
    try {
      await expect(
        processOnce(client, { consumer: 'c1', source: 'erp:sap', messageId: 'm4' }, (tx) =>
          applyEffect(tx, 'm4'),
        ),
      ).rejects.toThrow(/SAVEPOINT can only be used in transaction blocks/);
    } finally {
      client.release();
    }
    expect(await markers('m4')).toBe(0);
  });

  it('lets only one of two concurrent deliveries apply the message', async () => {
    const [c1, c2] = [await pool.connect(), await pool.connect()];
    try {
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      const one = await processOnce(
        c1,
        { consumer: 'c1', source: 'erp:sap', messageId: 'm5' },
        (tx) => applyEffect(tx, 'm5'),
      );
      // Blocks on the marker's key until c1's transaction ends.
      const two = processOnce(c2, { consumer: 'c1', source: 'erp:sap', messageId: 'm5' }, (tx) =>
        applyEffect(tx, 'm5'),
      );
      await c1.query('COMMIT');
      expect(one.status).toBe('processed');
      expect((await two).status).toBe('duplicate');
      await c2.query('COMMIT');
    } finally {
      c1.release();
      c2.release();
    }
    expect(await effects('m5')).toBe(1);
  });

  const refs = (...ids: string[]) => ids.map((id) => ({ source: 'erp:sap', id }));

  it('filters a batch down to unseen ids and marks them in the same transaction', async () => {
    await withTransaction(pool, (c) => markProcessed(c, 'c1', refs('a', 'c')));
    await withTransaction(pool, async (c) => {
      const fresh = await filterUnprocessed(c, 'c1', refs('a', 'b', 'c', 'd', 'b'));
      expect(fresh).toEqual(refs('b', 'd'));
      for (const { id } of fresh) await applyEffect(c, id);
      expect(await markProcessed(c, 'c1', fresh)).toEqual(refs('b', 'd'));
    });
    expect(await filterUnprocessed(pool, 'c1', refs('a', 'b', 'c', 'd', 'e'))).toEqual(refs('e'));
    expect(await filterUnprocessed(pool, 'c2', refs('a'))).toEqual(refs('a'));
    expect(await withTransaction(pool, (c) => markProcessed(c, 'c1', refs('a', 'e')))).toEqual(
      refs('e'),
    );
    expect(await filterUnprocessed(pool, 'c1', [])).toEqual([]);
  });

  it('applies two sources reusing an id, and skips the redelivery of each', async () => {
    const sap = { source: 'erp:sap', id: 'evt-1' };
    const netsuite = { source: 'erp:netsuite', id: 'evt-1' };
    expect(await withTransaction(pool, (c) => markProcessed(c, 'c1', [sap, netsuite]))).toEqual([
      sap,
      netsuite,
    ]);
    expect(await withTransaction(pool, (c) => markProcessed(c, 'c1', [netsuite, sap]))).toEqual([]);
    const third = { source: 'carrier:ups', id: 'evt-1' };
    expect(await filterUnprocessed(pool, 'c1', [sap, third])).toEqual([third]);
    const once = await withTransaction(pool, (c) =>
      processOnce(c, { consumer: 'c1', source: 'carrier:ups', messageId: 'evt-1' }, (tx) =>
        applyEffect(tx, 'evt-1'),
      ),
    );
    expect(once.status).toBe('processed');
  });

  it('lets a marker from before sources were recorded absorb its id from any source', async () => {
    await pool.query(`INSERT INTO inbox (consumer, source, message_id) VALUES ('c1', '', 'old')`);
    const ref = { source: 'wms:manhattan', id: 'old' };
    expect(await filterUnprocessed(pool, 'c1', [ref])).toEqual([]);
    expect(await withTransaction(pool, (c) => markProcessed(c, 'c1', [ref]))).toEqual([]);
  });

  it('prunes markers older than the cutoff and keeps the rest', async () => {
    await withTransaction(pool, (c) => markProcessed(c, 'c1', refs('p1', 'p2', 'p3')));
    await pool.query(
      `UPDATE inbox SET processed_at = now() - interval '40 days' WHERE message_id IN ('p1', 'p2')`,
    );
    const cutoff = new Date(Date.now() - 35 * 86_400_000);
    expect(await pruneInbox(pool, cutoff, { chunkSize: 1 })).toBe(2);
    expect(await filterUnprocessed(pool, 'c1', refs('p1', 'p2', 'p3'))).toEqual(refs('p1', 'p2'));
  });

  it('runs the pruning on start and then periodically, keeping recent markers', async () => {
    await withTransaction(pool, (c) => markProcessed(c, 'c1', refs('old', 'new')));
    await pool.query(
      `UPDATE inbox SET processed_at = now() - interval '37 days' WHERE message_id = 'old'`,
    );
    const pruner = startInboxPruner({ pool, schema: 'svc', logger: silentLogger, intervalMs: 50 });
    try {
      await eventually(
        async () =>
          (await filterUnprocessed(pool, 'c1', refs('old', 'new'))).length === 1 ? true : undefined,
        { what: 'the old marker pruned' },
      );
      expect(await filterUnprocessed(pool, 'c1', refs('old', 'new'))).toEqual(refs('old'));
    } finally {
      await pruner.stop();
    }
  });

  it('forgets a batch whose transaction rolled back', async () => {
    await expect(
      withTransaction(pool, async (c) => {
        await markProcessed(c, 'c1', refs('x', 'y'));
        throw new Error('batch failed');
      }),
    ).rejects.toThrow('batch failed');
    expect(await filterUnprocessed(pool, 'c1', refs('x', 'y'))).toEqual(refs('x', 'y'));
  });
});
