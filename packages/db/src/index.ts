export { createPool, type PoolConfig } from './pool.js';
export { withTransaction, type ClientSource } from './transaction.js';
export { pingDatabase, type PingResult } from './ping.js';
export type { DbLogger } from './logger.js';
export { assertSchemaName } from './identifiers.js';

export { migrate, type MigrateOptions } from './migrations/migrate.js';
export { MigrationError, migrationChecksum, type Migration } from './migrations/plan.js';

export { outboxMigration } from './outbox/outbox-migration.js';
export { enqueueOutbox, type OutboxEvent } from './outbox/enqueue.js';
export { EVENT_ID_HEADER, type OutboxMessage, type OutboxPublisher } from './outbox/messages.js';
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox/relay.js';
export { OutboxPublishError } from './outbox/publish-batch.js';
export { storedTraceContext } from './outbox/trace.js';
export {
  outboxParkingMigration,
  parkedOutboxRows,
  unparkOutboxRows,
  type ParkedOutboxRow,
} from './outbox/parking.js';

export { inboxMigration, inboxSourceMigration } from './inbox/inbox-migration.js';
export { processOnce, type ProcessOnceResult } from './inbox/process-once.js';
export { filterUnprocessed, markProcessed, pruneInbox, type InboxRef } from './inbox/batch.js';
export { startInboxPruner, INBOX_RETENTION_MS, type InboxPrunerOptions } from './inbox/pruner.js';
export { claimEvents, unseenEvents, inboxRefOf, type SourcedEvent } from './inbox/events.js';
