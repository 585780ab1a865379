import { uuidV7 } from '@forewarn/platform';
import { createLogger } from '@forewarn/observability';
import pg from 'pg';
import { advisoryLockKey } from '../identifiers.js';
import { migrate } from '../migrations/migrate.js';
import { createPool } from '../pool.js';
import { inboxMigration, inboxSourceMigration } from '../inbox/inbox-migration.js';
import { outboxMigration } from '../outbox/outbox-migration.js';
import { outboxParkingMigration } from '../outbox/parking.js';
import type { OutboxEvent } from '../outbox/enqueue.js';
import type { DbLogger } from '../logger.js';

export const silentLogger: DbLogger = createLogger({ name: 'db-test', level: 'silent' });

/** A pool on the service schema, with the outbox, inbox and the given tables migrated. */
export async function servicePool(databaseUrl: string, schema: string, extraSql: string[] = []) {
  const pool = createPool({
    databaseUrl,
    max: 10,
    applicationName: `db-test-${schema}`,
    schema,
    logger: silentLogger,
  });
  await migrate(pool, {
    schema,
    logger: silentLogger,
    migrations: [
      { id: '0001_outbox', sql: outboxMigration(schema) },
      { id: '0002_inbox', sql: inboxMigration(schema) },
      { id: '0003_inbox_source', sql: inboxSourceMigration(schema) },
      { id: '0004_outbox_parking', sql: outboxParkingMigration(schema) },
      ...extraSql.map((sql, i) => ({ id: `01${String(i).padStart(2, '0')}_test`, sql })),
    ],
  });
  return pool;
}

export function event(topic: string, key: string, value: string): OutboxEvent {
  return { eventId: uuidV7(), topic, key, value: Buffer.from(value) };
}

export async function countRows(pool: pg.Pool, sql: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql);
  return Number(rows[0]?.n);
}

/** Terminates the session holding the advisory lock `name`, as a crash would end it. */
export async function killLockHolder(databaseUrl: string, name: string): Promise<number> {
  const key = BigInt.asUintN(64, BigInt(advisoryLockKey(name)));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    // A bigint advisory key shows in pg_locks split into two 32-bit halves.
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND classid::text = $1 AND objid::text = $2`,
      [String(key >> 32n), String(key & 0xffffffffn)],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}
