import type pg from 'pg';
import { advisoryLockKey, assertSchemaName } from '../identifiers.js';
import type { DbLogger } from '../logger.js';
import type { ClientSource } from '../transaction.js';
import {
  migrationChecksum,
  MigrationError,
  planMigrations,
  type AppliedMigration,
  type Migration,
} from './plan.js';

export interface MigrateOptions {
  schema: string;
  migrations: readonly Migration[];
  logger: DbLogger;
}

/**
 * Brings a service's schema up to date: creates the schema and its `schema_migrations` table,
 * then applies pending migrations in list order, each in its own transaction with search_path
 * set to the schema (so migration SQL may use unqualified names). The whole run holds a
 * session advisory lock per schema, so replicas starting together apply each migration once.
 * Migrations cannot use statements that refuse a transaction (CREATE INDEX CONCURRENTLY).
 */
export async function migrate(
  pool: ClientSource,
  { schema, migrations, logger }: MigrateOptions,
): Promise<{ applied: string[] }> {
  assertSchemaName(schema);
  const lockKey = advisoryLockKey(`migrate:${schema}`);
  const client = await pool.connect();
  try {
    // A migration (or the wait for another replica's) may outlast the pool's statement timeout.
    await client.query('SET statement_timeout = 0');
    await lock(client, lockKey, schema, logger);
    try {
      return await applyPending(client, schema, migrations, logger);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]);
    }
  } finally {
    // Destroyed, not reused: the session was altered, and a lock that failed to unlock must die
    // with its connection.
    client.release(true);
  }
}

async function lock(client: pg.PoolClient, key: string, schema: string, logger: DbLogger) {
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [key],
  );
  if (rows[0]?.locked) return;
  logger.info({ schema }, 'another instance is migrating this schema; waiting for it');
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
}

async function applyPending(
  client: pg.PoolClient,
  schema: string,
  migrations: readonly Migration[],
  logger: DbLogger,
): Promise<{ applied: string[] }> {
  const table = `"${schema}".schema_migrations`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
    id text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<AppliedMigration>(`SELECT id, checksum FROM ${table}`);
  const plan = planMigrations(migrations, rows);
  if (plan.unknown.length > 0) {
    logger.warn(
      { schema, unknown: plan.unknown },
      'database has migrations this build does not know',
    );
  }
  const applied: string[] = [];
  for (const m of plan.pending) {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL search_path TO "${schema}", public`);
      await client.query(m.sql);
      await client.query(`INSERT INTO ${table} (id, checksum) VALUES ($1, $2)`, [
        m.id,
        migrationChecksum(m.sql),
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      const reason = err instanceof Error ? err.message : String(err);
      throw new MigrationError(`migration ${m.id} in schema ${schema} failed: ${reason}`, {
        cause: err,
      });
    }
    logger.info({ schema, migration: m.id }, 'migration applied');
    applied.push(m.id);
  }
  return { applied };
}
