import type { Registry } from '@forewarn/observability';
import { classifyFailure, retryDelay, type RetryPolicy } from '@forewarn/platform';
import { advisoryLockKey, assertSchemaName, outboxChannel, qualify } from '../identifiers.js';
import type { DbLogger } from '../logger.js';
import type { ClientSource } from '../transaction.js';
import { deletePublishedBefore } from './cleanup.js';
import { tryLead, type Leadership } from './leadership.js';
import type { OutboxPublisher, OutboxRow } from './messages.js';
import { OutboxPublishError, publishBatch } from './publish-batch.js';
import { relayMetrics } from './relay-metrics.js';
import { createWaker } from './timing.js';
import { tracedPublisher } from './trace.js';

export interface OutboxRelayOptions {
  /** Needs one connection for as long as this instance leads, on top of the batch work. */
  pool: ClientSource;
  schema: string;
  publisher: OutboxPublisher;
  logger: DbLogger;
  batchSize?: number;
  /** Fallback poll (NOTIFY normally wakes the leader at once) and standby retry period. */
  pollIntervalMs?: number;
  /** Cap of the wait after failed publishes (a broker outage, rows the broker refuses). */
  maxBackoffMs?: number;
  /**
   * Cap of the wait after the database failed (default 2 s). Kept short: while the database is
   * down nothing can wake the relay (its LISTEN connection is gone), so the wait is the delay
   * every committed event sees once the database is back; one connection attempt per leader
   * candidate every two seconds costs nothing.
   */
  maxReconnectMs?: number;
  /** Deletes rows published longer ago than retainPublishedMs, every intervalMs; false: never. */
  cleanup?: { retainPublishedMs: number; intervalMs: number } | false;
  now?: () => Date;
  registry?: Registry;
  /** Failed publishes of one row before it is parked (default 10). */
  maxPublishAttempts?: number;
  /**
   * Tells a broker outage (retry without end, count against no row) from a failure of the rows
   * themselves. Default: the platform kit's classification, as every consumer's.
   */
  isTransient?: (err: unknown) => boolean;
}

export interface OutboxRelay {
  /**
   * Runs a cycle now and resolves when it is done: on the leader, every row committed before the
   * call is then published. The number is what that cycle published (0 on a standby).
   */
  flush(): Promise<number>;
  /** Finishes the batch in flight, then gives up leadership. */
  stop(): Promise<void>;
}

type Waiter = { resolve: (n: number) => void; reject: (err: unknown) => void };

/**
 * Publishes a schema's outbox to Kafka. Only the instance holding the schema's session advisory
 * lock publishes; the others retry the lock every poll. A single publisher reading in id order
 * is what keeps per-key order: with SKIP LOCKED, two instances would take neighbouring batches
 * and race each other to the broker, so a later event for a key could land before an earlier one.
 */
export function startOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { pool, schema, publisher, logger } = opts;
  const batchSize = opts.batchSize ?? 100;
  const pollIntervalMs = opts.pollIntervalMs ?? 1_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  // The kit's retry policy: a failed cycle waits a growing, capped delay; never gives up. One
  // leader per schema retries, so no crowd to spread: no jitter.
  const retry: RetryPolicy = {
    maxAttempts: Infinity,
    backoff: { initialMs: pollIntervalMs, maxMs: maxBackoffMs, factor: 2 },
    jitter: 'none',
  };
  const reconnect: RetryPolicy = {
    ...retry,
    backoff: {
      ...retry.backoff,
      initialMs: Math.min(pollIntervalMs, opts.maxReconnectMs ?? 2_000),
      maxMs: opts.maxReconnectMs ?? 2_000,
    },
  };
  const cleanup = opts.cleanup ?? { retainPublishedMs: 24 * 3_600_000, intervalMs: 600_000 };
  const now = opts.now ?? (() => new Date());
  const table = qualify(assertSchemaName(schema), 'outbox');
  const lockKey = advisoryLockKey(`outbox-relay:${schema}`);
  const metrics = relayMetrics(opts.registry, schema);
  const waker = createWaker();
  let stopped = false;
  let leader: Leadership | undefined;
  let lastCleanupAt = Number.NEGATIVE_INFINITY;
  let waiters: Waiter[] = [];

  const resign = () => {
    if (leader === undefined) return;
    leader.release();
    leader = undefined;
    metrics.leading(false);
  };

  const lead = async (): Promise<Leadership | undefined> => {
    if (leader?.lost) resign();
    if (leader !== undefined) return leader;
    leader = await tryLead(pool, {
      lockKey,
      channel: outboxChannel(schema),
      onNotify: () => waker.wake(),
      onLost: (err) => {
        logger.warn({ err, schema }, 'outbox relay lost its leader connection');
        waker.wake();
      },
    });
    if (leader !== undefined) {
      logger.info({ schema }, 'outbox relay is now the publisher for this schema');
      metrics.leading(true);
    }
    return leader;
  };

  const publishOptions = {
    table,
    publisher: tracedPublisher(publisher),
    batchSize,
    now,
    maxAttempts: opts.maxPublishAttempts ?? 10,
    isTransient: opts.isTransient ?? ((err: unknown) => classifyFailure(err) === 'transient'),
    onParked: (row: OutboxRow, reason: string) => {
      metrics.parked();
      logger.error(
        { schema, outboxId: row.id, eventId: row.event_id, topic: row.topic, key: row.key, reason },
        'outbox row parked: it could not be published; the rows behind it flow on',
      );
    },
  };
  let rowFailures = false;

  const cycle = async (): Promise<number> => {
    const current = await lead();
    if (current === undefined) return 0;
    const active = () => !stopped && !current.lost;
    let total = 0;
    rowFailures = false;
    while (!stopped && !current.lost) {
      const { published, failed } = await publishBatch(current.client, {
        ...publishOptions,
        active,
      });
      total += published;
      metrics.published(published);
      if (failed > 0) {
        rowFailures = true;
        break;
      }
      if (published < batchSize) break;
    }
    const cleanupDue = cleanup !== false && now().getTime() - lastCleanupAt >= cleanup.intervalMs;
    if (cleanupDue && !current.lost) {
      lastCleanupAt = now().getTime();
      const cutoff = new Date(lastCleanupAt - cleanup.retainPublishedMs);
      const deleted = await deletePublishedBefore(current.client, table, cutoff);
      if (deleted > 0) logger.debug({ schema, deleted }, 'deleted old published outbox rows');
    }
    return total;
  };

  const loop = async () => {
    let failures = 0;
    let databaseDown = false;
    while (!stopped) {
      const batch = waiters;
      waiters = [];
      try {
        const published = await cycle();
        // Rows that failed on their own are retried after a backoff, like a failed cycle.
        failures = rowFailures ? failures + 1 : 0;
        databaseDown = false;
        batch.forEach((w) => w.resolve(published));
      } catch (err) {
        failures += 1;
        metrics.failed();
        logger.error({ err, schema, failures }, 'outbox relay cycle failed; will retry');
        // A database error may have left the session unusable; a publish error has not.
        databaseDown = !(err instanceof OutboxPublishError);
        if (databaseDown) resign();
        batch.forEach((w) => w.reject(err));
      }
      if (stopped || waiters.length > 0) continue;
      const policy = databaseDown ? reconnect : retry;
      await waker.wait(failures > 0 ? retryDelay(policy, failures) : pollIntervalMs);
    }
    resign();
    waiters.forEach((w) => w.resolve(0));
  };
  const running = loop();

  return {
    flush() {
      if (stopped) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        waiters.push({ resolve, reject });
        waker.wake();
      });
    },
    async stop() {
      stopped = true;
      waker.wake();
      await running;
    },
  };
}
