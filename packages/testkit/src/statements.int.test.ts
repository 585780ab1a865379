import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, recordStatements, type TestEnv } from './index.js';

describe('recordStatements (integration: real database)', () => {
  let env: TestEnv;
  let pool: pg.Pool;
  beforeAll(async () => {
    env = await createTestEnv('testkit-statements', { topology: false });
    pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await env.cleanup();
  });

  it('records pool queries, each checkout and each transaction, and leaves their effects alone', async () => {
    const log = recordStatements(pool);
    await log.pool.query('CREATE TABLE t (n int)');
    const client = await log.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query({ text: ' INSERT INTO t VALUES ($1) ', values: [1] });
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query('INSERT INTO t VALUES (2)');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }

    expect(log.statements).toEqual([
      'CREATE TABLE t (n int)',
      'BEGIN',
      'INSERT INTO t VALUES ($1)',
      'COMMIT',
      'BEGIN',
      'INSERT INTO t VALUES (2)',
      'ROLLBACK',
    ]);
    expect(log.checkouts).toEqual([log.statements.slice(1)]);
    expect(log.transactionSizes).toEqual([3, 3]);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM t');
    expect(rows).toEqual([{ n: 1 }]);
    // The client went back to the pool: both of its connections are free again.
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});
