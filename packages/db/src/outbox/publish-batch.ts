import { describeError } from '@forewarn/platform';
import type pg from 'pg';
import { groupByTopic, type OutboxPublisher, type OutboxRow } from './messages.js';

/** The publisher failed: the rows stay unpublished and the relay keeps its leadership. */
export class OutboxPublishError extends Error {
  override readonly name = 'OutboxPublishError';
}

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface PublishBatchOptions {
  table: string;
  publisher: OutboxPublisher;
  batchSize: number;
  now: () => Date;
  /** Failed publishes of one row before it is parked. */
  maxAttempts: number;
  /**
   * True when a failure says the broker is away (every row would fail the same way): such a
   * failure counts against no row, so an outage parks nothing.
   */
  isTransient: (err: unknown) => boolean;
  onParked: (row: OutboxRow, reason: string) => void;
  /** False once the relay stops or lost its leadership: no more sends this cycle. */
  active: () => boolean;
}

export interface BatchResult {
  published: number;
  /** Rows that failed for their own sake this time (parked ones included). */
  failed: number;
}

/**
 * The oldest rows that may go out: unpublished, not parked, and not behind a parked row of the
 * same topic and key (that key's order waits for an operator; every other key flows).
 */
async function pendingRows(client: Queryable, table: string, limit: number): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRow>(
    `SELECT o.id, o.event_id, o.topic, o.key, o.value, o.headers FROM ${table} o
      WHERE o.published_at IS NULL AND o.parked_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${table} p
                         WHERE p.parked_at IS NOT NULL AND p.published_at IS NULL
                           AND p.topic = o.topic AND p.key = o.key AND p.id < o.id)
      ORDER BY o.id LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Counts a failed publish of one row; parks it once it used its attempts. */
async function recordFailure(
  client: Queryable,
  row: OutboxRow,
  err: unknown,
  opts: PublishBatchOptions,
): Promise<void> {
  const error = describeError(err);
  const reason = `not published after ${opts.maxAttempts} attempts: ${error}`;
  const { rows } = await client.query<{ parked: boolean }>(
    `UPDATE ${opts.table}
        SET attempts = attempts + 1, last_error = $2,
            parked_at = CASE WHEN attempts + 1 >= $3 THEN $4::timestamptz END,
            parked_reason = CASE WHEN attempts + 1 >= $3 THEN $5 END
      WHERE id = $1
      RETURNING parked_at IS NOT NULL AS parked`,
    [row.id, error, opts.maxAttempts, opts.now(), reason],
  );
  if (rows[0]?.parked) opts.onParked(row, reason);
}

/**
 * One row at a time, in id order, for a topic whose batch send failed: finds the rows at fault
 * and publishes the others. After a row fails, the later rows of its key wait for the next
 * cycle, so a key's order holds. Stops at a transient failure, which it returns as `outage`.
 */
async function isolateFailures(
  client: Queryable,
  topic: string,
  rows: readonly OutboxRow[],
  opts: PublishBatchOptions,
): Promise<{ published: string[]; failed: number; outage?: unknown }> {
  const published: string[] = [];
  const held = new Set<string>();
  let failed = 0;
  for (const row of rows) {
    if (!opts.active()) break;
    if (row.key !== null && held.has(row.key)) continue;
    const [send] = groupByTopic([row]);
    try {
      await opts.publisher.send(topic, send!.messages);
      published.push(row.id);
    } catch (err) {
      if (opts.isTransient(err)) return { published, failed, outage: err };
      failed += 1;
      if (row.key !== null) held.add(row.key);
      await recordFailure(client, row, err, opts);
    }
  }
  return { published, failed };
}

/**
 * Publishes the oldest pending rows, then marks them published. A crash between the two steps
 * leaves them unmarked, so the next leader publishes them again (at least once). A topic whose
 * send fails for other than a broker outage is retried row by row, so only the rows at fault
 * spend attempts, and a row out of attempts is parked instead of blocking the outbox.
 */
export async function publishBatch(
  client: Queryable,
  opts: PublishBatchOptions,
): Promise<BatchResult> {
  const { table, publisher } = opts;
  const rows = await pendingRows(client, table, opts.batchSize);
  if (rows.length === 0) return { published: 0, failed: 0 };
  const groups = groupByTopic(rows);
  // Topics are independent streams, so they go out concurrently; order within one is kept.
  const sent = await Promise.allSettled(groups.map((g) => publisher.send(g.topic, g.messages)));
  const published: string[] = [];
  let failed = 0;
  let outage: unknown;
  for (const [i, result] of sent.entries()) {
    const topic = groups[i]!.topic;
    const ofTopic = rows.filter((r) => r.topic === topic);
    if (result.status === 'fulfilled') {
      published.push(...ofTopic.map((r) => r.id));
    } else if (opts.isTransient(result.reason)) {
      outage ??= result.reason;
    } else {
      const isolated = await isolateFailures(client, topic, ofTopic, opts);
      published.push(...isolated.published);
      failed += isolated.failed;
      outage ??= isolated.outage;
    }
  }
  if (published.length > 0)
    await client.query(`UPDATE ${table} SET published_at = $2 WHERE id = ANY($1::bigint[])`, [
      published,
      opts.now(),
    ]);
  if (outage !== undefined)
    throw new OutboxPublishError(
      `publishing ${rows.length - published.length} outbox rows failed`,
      {
        cause: outage,
      },
    );
  return { published: published.length, failed };
}
