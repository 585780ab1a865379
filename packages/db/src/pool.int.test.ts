import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations/migrate.js';
import { pingDatabase } from './ping.js';
import { createPool } from './pool.js';
import { countRows, silentLogger as logger } from './test-support/db.js';
import { withTransaction } from './transaction.js';

describe('createPool, withTransaction, pingDatabase (integration: real PostgreSQL)', () => {
  let env: TestEnv;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createTestEnv('db-pool');
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 3,
      applicationName: 'db-pool-test',
      schema: 'svc',
      logger,
    });
    await migrate(pool, {
      schema: 'svc',
      logger,
      migrations: [{ id: '0001', sql: 'CREATE TABLE notes (body text NOT NULL)' }],
    });
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('points every connection at the service schema and names the application', async () => {
    const { rows } = await pool.query('SHOW search_path');
    expect(rows[0]?.search_path).toBe('svc,public');
    await pool.query("INSERT INTO notes VALUES ('unqualified')");
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc.notes')).toBe(1);
    const app = await pool.query('SELECT current_setting($1) AS v', ['application_name']);
    expect(app.rows[0]?.v).toBe('db-pool-test');
  });

  it('commits what fn wrote and returns its value', async () => {
    const value = await withTransaction(pool, async (c) => {
      await c.query("INSERT INTO notes VALUES ('committed')");
      return 'done';
    });
    expect(value).toBe('done');
    expect(await countRows(pool, "SELECT count(*) AS n FROM notes WHERE body = 'committed'")).toBe(
      1,
    );
  });

  it('rolls back when fn throws, and gives the client back either way', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(
        withTransaction(pool, async (c) => {
          await c.query("INSERT INTO notes VALUES ('rolled back')");
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
    }
    expect(
      await countRows(pool, "SELECT count(*) AS n FROM notes WHERE body = 'rolled back'"),
    ).toBe(0);
    // max is 3: five failed transactions would have exhausted a pool that leaked clients.
    expect(pool.totalCount).toBeLessThanOrEqual(3);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('survives the server killing a checked-out connection (logged, not a crash)', async () => {
    const victim = await pool.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new pg.Client({ connectionString: env.databaseUrl });
    await admin.connect();
    const ended = new Promise((resolve) => victim.once('end', resolve));
    // No query in flight: pg reports the loss as an 'error' event, fatal without a listener.
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    await admin.end();
    await ended;
    victim.release(true);
    expect(await pingDatabase(pool)).toMatchObject({ ok: true });
  });

  it('reports an unreachable database as not ready instead of throwing', async () => {
    const dead = createPool({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere',
      max: 1,
      applicationName: 'db-pool-dead',
      connectionTimeoutMs: 500,
      logger,
    });
    const result = await pingDatabase(dead, { timeoutMs: 1_000 });
    expect(result.ok).toBe(false);
    await dead.end();
  });
});
