import { createLogger } from '@forewarn/observability';
import pg from 'pg';
import { assertSchemaName } from './identifiers.js';
import type { DbLogger } from './logger.js';

export interface PoolConfig {
  databaseUrl: string;
  max: number;
  /** Shows in pg_stat_activity, so a DBA can tell which service holds a connection. */
  applicationName: string;
  /** The service's own schema: every connection gets `search_path=<schema>,public`. */
  schema?: string;
  logger?: DbLogger;
  connectionTimeoutMs?: number;
  idleTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Kills sessions that sit inside an open transaction (a leaked client) holding locks. */
  idleInTransactionTimeoutMs?: number;
}

/**
 * A pg.Pool with timeouts so a sick database fails requests fast instead of piling them up, and
 * error listeners so a dropped connection is logged rather than crashing the process.
 */
export function createPool(cfg: PoolConfig): pg.Pool {
  const logger = cfg.logger ?? createLogger({ name: cfg.applicationName });
  const pool = new pg.Pool({
    connectionString: cfg.databaseUrl,
    max: cfg.max,
    application_name: cfg.applicationName,
    connectionTimeoutMillis: cfg.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: cfg.idleTimeoutMs ?? 30_000,
    statement_timeout: cfg.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: cfg.idleInTransactionTimeoutMs ?? 60_000,
    keepAlive: true,
    ...(cfg.schema === undefined
      ? {}
      : { options: `-c search_path=${assertSchemaName(cfg.schema)},public` }),
  });
  // Idle clients: pg-pool removes them and re-emits here; without a listener the process dies.
  pool.on('error', (err) => {
    logger.error({ err }, 'idle PostgreSQL client failed; it was removed from the pool');
  });
  // Checked-out clients have no pool listener, and pg emits 'error' on them when the server
  // drops the connection; the query in flight still rejects, so logging is enough here.
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      logger.warn({ err }, 'PostgreSQL connection failed while in use');
    });
  });
  return pool;
}
