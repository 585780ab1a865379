import { startPoller, type Poller } from '@forewarn/platform';
import { assertSchemaName } from '../identifiers.js';
import type { DbLogger } from '../logger.js';
import type { ClientSource } from '../transaction.js';
import { pruneInbox } from './batch.js';

/** Longer than any source or domain topic keeps its records (35 days): a marker outlives every copy of its message. */
export const INBOX_RETENTION_MS = 36 * 86_400_000;

export interface InboxPrunerOptions {
  pool: ClientSource;
  schema: string;
  logger: DbLogger;
  retainMs?: number;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Deletes inbox markers older than the topics' retention, once at start and then every
 * `intervalMs` (default 1 h). A redelivery older than that cannot happen: the broker no longer
 * has the record. Several instances may prune at once; DELETE is idempotent.
 */
export function startInboxPruner(opts: InboxPrunerOptions): Poller {
  const schema = assertSchemaName(opts.schema);
  const retainMs = opts.retainMs ?? INBOX_RETENTION_MS;
  const now = opts.now ?? (() => new Date());
  return startPoller({
    name: `pruning the ${schema} inbox`,
    intervalMs: opts.intervalMs ?? 3_600_000,
    initialDelayMs: 0,
    logger: opts.logger,
    tick: async () => {
      const client = await opts.pool.connect();
      try {
        const cutoff = new Date(now().getTime() - retainMs);
        const deleted = await pruneInbox(client, cutoff, { schema });
        if (deleted > 0) opts.logger.info({ schema, deleted }, 'pruned old inbox markers');
      } finally {
        client.release();
      }
    },
  });
}
