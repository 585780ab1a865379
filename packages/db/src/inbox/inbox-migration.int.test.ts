import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/migrate.js';
import { createPool } from '../pool.js';
import { silentLogger } from '../test-support/db.js';
import { withTransaction } from '../transaction.js';
import { filterUnprocessed, markProcessed } from './batch.js';
import { inboxMigration, inboxSourceMigration } from './inbox-migration.js';

describe('inboxSourceMigration on an inbox already in use (integration: real PostgreSQL)', () => {
  let env: TestEnv;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createTestEnv('db-inbox-migration');
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 2,
      applicationName: 'inbox-migration-test',
      schema: 'svc',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await pool?.end();
    await env?.cleanup();
  });

  it('splits markers that packed the source into the id, and keeps the rest as legacy', async () => {
    const first = [{ id: '0000_inbox', sql: inboxMigration('svc') }];
    await migrate(pool, { schema: 'svc', logger: silentLogger, migrations: first });
    await pool.query(
      `INSERT INTO inbox (consumer, message_id) VALUES ('c', 'erp:sap|e1'), ('c', 'plain-e2')`,
    );
    await migrate(pool, {
      schema: 'svc',
      logger: silentLogger,
      migrations: [
        ...first,
        { id: '0001_inbox_source', sql: inboxSourceMigration('svc', { legacySeparator: '|' }) },
      ],
    });
    const { rows } = await pool.query<{ source: string; message_id: string }>(
      'SELECT source, message_id FROM inbox ORDER BY message_id',
    );
    expect(rows).toEqual([
      { source: 'erp:sap', message_id: 'e1' },
      { source: '', message_id: 'plain-e2' },
    ]);
    // The carried-over marker still absorbs its redelivery; another source's e1 is new.
    const sap = { source: 'erp:sap', id: 'e1' };
    const netsuite = { source: 'erp:netsuite', id: 'e1' };
    expect(await filterUnprocessed(pool, 'c', [sap, netsuite])).toEqual([netsuite]);
    expect(await withTransaction(pool, (c) => markProcessed(c, 'c', [sap, netsuite]))).toEqual([
      netsuite,
    ]);
    // The legacy marker (no source recorded) absorbs its id from any source.
    expect(await filterUnprocessed(pool, 'c', [{ source: 'wms:x', id: 'plain-e2' }])).toEqual([]);
  });
});
