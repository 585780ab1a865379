import { createPool, inboxMigration, migrate, outboxMigration } from '@forewarn/db';
import { createLogger, type Logger } from '@forewarn/observability';
import { migrations } from '../db/migrations.js';

export const silentLogger: Logger = createLogger({ name: 'detector-test', level: 'silent' });

/**
 * The detector's schema on a test database, as startService migrates it, without Kafka; `upTo`
 * stops after that many of the detector's own migrations (an older database to upgrade).
 */
export async function migratedPool(databaseUrl: string, upTo = migrations.length) {
  const pool = createPool({
    databaseUrl,
    max: 4,
    applicationName: 'detector-test',
    schema: 'detector',
    logger: silentLogger,
  });
  await migrate(pool, {
    schema: 'detector',
    logger: silentLogger,
    migrations: [
      { id: '0000_inbox', sql: inboxMigration('detector') },
      { id: '0000_outbox', sql: outboxMigration('detector') },
      ...migrations.slice(0, upTo),
    ],
  });
  return pool;
}
