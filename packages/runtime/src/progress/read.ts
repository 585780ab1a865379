import type { Logger } from '@forewarn/observability';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { HOLD_ALL, lowWatermark, sourcesIdle, type PartitionProgress } from './watermark.js';

export interface SourceWatermarkOptions {
  admin: Admin;
  /** The service's pool: its own `consumer_progress` table. */
  pool: pg.Pool;
  groupId: string;
  topics: readonly string[];
  /** Wall milliseconds without a source message after which the sources count as idle. */
  idleMs: number;
  wallNow?: () => number;
}

/**
 * Reads the broker's log ends, the group's offsets and the service's own progress table, and
 * answers the source watermark (undefined: the sources are idle, no limit). A read that fails
 * marks the broker (or database) unreachable, which delays idleness (`sourcesIdle`).
 */
export function sourceWatermark(opts: SourceWatermarkOptions): () => Promise<Date | undefined> {
  const wallNow = opts.wallNow ?? Date.now;
  let lastUnreachable: number | undefined;
  const read = async () => {
    const [ends, committed, { rows }] = await Promise.all([
      Promise.all(
        opts.topics.map(async (t) => [t, await opts.admin.fetchTopicOffsets(t)] as const),
      ),
      opts.admin.fetchOffsets({ groupId: opts.groupId, topics: [...opts.topics] }),
      opts.pool.query<{
        topic: string;
        partition: number;
        next_offset: string;
        max_sent_at: Date;
        applied_at: Date;
      }>('SELECT topic, partition, next_offset, max_sent_at, applied_at FROM consumer_progress'),
    ]);
    const progress = new Map(rows.map((r) => [`${r.topic}|${r.partition}`, r]));
    const offsets = new Map(
      committed.flatMap((t) =>
        t.partitions.map((p) => [`${t.topic}|${p.partition}`, Number(p.offset)]),
      ),
    );
    const partitions = ends.flatMap(([topic, parts]) =>
      parts.map((p): PartitionProgress => {
        const mine = progress.get(`${topic}|${p.partition}`);
        return {
          high: Number(p.high),
          committed: offsets.get(`${topic}|${p.partition}`) ?? -1,
          ...(mine
            ? { next: Number(mine.next_offset), maxSentAt: mine.max_sent_at.getTime() }
            : {}),
        };
      }),
    );
    const lastApplied = Math.max(0, ...rows.map((r) => r.applied_at.getTime()));
    const idle = sourcesIdle({
      wallNow: wallNow(),
      lastApplied,
      ...(lastUnreachable !== undefined ? { lastUnreachable } : {}),
      idleMs: opts.idleMs,
    });
    const low = lowWatermark(partitions, idle);
    // -Infinity (a partition with nothing applied yet) holds every absence timer back.
    return low === Infinity ? undefined : new Date(Math.max(low, 0));
  };
  return async () => {
    try {
      return await read();
    } catch (err) {
      lastUnreachable = wallNow();
      throw err;
    }
  };
}

/**
 * The watermark read, bounded. With the broker away, kafkajs retries the offset requests for
 * minutes (10 retries, up to 30 s apart); a tick that waited for them would hold every timer,
 * SLA clocks included, that long. A read still running after `timeoutMs` is unknown to this
 * tick, and the ticks after it wait on that same read rather than start another, so an outage
 * never piles requests up.
 */
export function boundedWatermark(
  read: () => Promise<Date | undefined>,
  timeoutMs: number,
): () => Promise<Date | undefined> {
  let inflight: Promise<Date | undefined> | undefined;
  return async () => {
    if (!inflight) {
      const started = read();
      const settle = () => {
        if (inflight === started) inflight = undefined;
      };
      started.then(settle, settle);
      inflight = started;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`source watermark not read within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([inflight, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The watermark for one tick. With the broker (or the database) away it cannot be known, so
 * absence timers wait (`HOLD_ALL`: what was sent before their deadline may be unread). Without
 * a watermark at all, undefined: no limit.
 */
export async function readWatermark(
  watermark: (() => Promise<Date | undefined>) | undefined,
  logger: Pick<Logger, 'warn'>,
): Promise<Date | undefined> {
  if (!watermark) return undefined;
  try {
    return await watermark();
  } catch (err) {
    logger.warn({ err }, 'source watermark unknown (broker away?); absence timers wait');
    return HOLD_ALL;
  }
}
