import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../pool.js';
import { countRows, silentLogger as logger } from '../test-support/db.js';
import { migrate } from './migrate.js';
import { MigrationError, type Migration } from './plan.js';

// Not idempotent on purpose: a second run of either statement would fail or double the row.
const base: Migration[] = [
  { id: '0001_items', sql: 'CREATE TABLE items (id int PRIMARY KEY);' },
  { id: '0002_seed', sql: 'INSERT INTO items VALUES (1);' },
];

describe('migrate (integration: real PostgreSQL)', () => {
  let env: TestEnv;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createTestEnv('db-migrate');
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 10,
      applicationName: 'db-migrate-test',
      logger,
    });
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('creates the schema, applies migrations once, and is a no-op on re-run', async () => {
    expect(await migrate(pool, { schema: 'svc_a', migrations: base, logger })).toEqual({
      applied: ['0001_items', '0002_seed'],
    });
    expect(await migrate(pool, { schema: 'svc_a', migrations: base, logger })).toEqual({
      applied: [],
    });
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc_a.items')).toBe(1);
    const { rows } = await pool.query('SELECT id FROM svc_a.schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['0001_items', '0002_seed']);
  });

  it('applies each migration once when replicas migrate at the same moment', async () => {
    const slow: Migration[] = [
      ...base,
      { id: '0003_slow', sql: 'SELECT pg_sleep(0.2); INSERT INTO items VALUES (2);' },
    ];
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => migrate(pool, { schema: 'svc_b', migrations: slow, logger })),
    );
    expect(runs.flatMap((r) => r.applied).sort()).toEqual(['0001_items', '0002_seed', '0003_slow']);
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc_b.items')).toBe(2);
  });

  it('refuses to run when an applied migration was edited', async () => {
    await migrate(pool, { schema: 'svc_c', migrations: base, logger });
    const edited = [base[0]!, { id: '0002_seed', sql: 'INSERT INTO items VALUES (42);' }];
    const run = migrate(pool, { schema: 'svc_c', migrations: edited, logger });
    await expect(run).rejects.toThrow(MigrationError);
    await expect(migrate(pool, { schema: 'svc_c', migrations: edited, logger })).rejects.toThrow(
      /0002_seed was edited/,
    );
  });

  it('rolls back a failing migration whole, keeps the earlier ones, and retries it next run', async () => {
    const broken: Migration[] = [
      base[0]!,
      { id: '0002_half', sql: 'INSERT INTO items VALUES (7); SELECT * FROM no_such_table;' },
    ];
    await expect(migrate(pool, { schema: 'svc_d', migrations: broken, logger })).rejects.toThrow(
      /0002_half in schema svc_d failed: relation "no_such_table" does not exist/,
    );
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc_d.items')).toBe(0);
    const fixed = [base[0]!, { id: '0002_half', sql: 'INSERT INTO items VALUES (7);' }];
    expect(await migrate(pool, { schema: 'svc_d', migrations: fixed, logger })).toEqual({
      applied: ['0002_half'],
    });
  });

  it('keeps services apart: the same table name lives once per schema', async () => {
    await migrate(pool, { schema: 'svc_e', migrations: base, logger });
    await migrate(pool, { schema: 'svc_f', migrations: base, logger });
    await pool.query('INSERT INTO svc_e.items VALUES (5)');
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc_e.items')).toBe(2);
    expect(await countRows(pool, 'SELECT count(*) AS n FROM svc_f.items')).toBe(1);
  });
});
