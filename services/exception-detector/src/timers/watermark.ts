import type { Admin } from 'kafkajs';
import type pg from 'pg';

/** One partition of a source topic: where the log ends and how far the detector has read it. */
export interface PartitionProgress {
  /** The log end offset (high watermark) just read from the broker. */
  high: number;
  /** The group's committed offset (-1 when none). */
  committed: number;
  /** From the detector's own batches: the next offset to apply and the latest send time seen. */
  next?: number;
  maxSentAt?: number;
}

/**
 * The source watermark: every source message sent before it has been applied. Sources send in
 * order, so a partition still being read is complete up to the latest send applied from it, and
 * one read to its end is complete up to the latest send applied from any partition: nothing
 * says what a source sent after that, since a lagging sender (or broker) may not have written it
 * yet. So the watermark follows the senders' own clock, and a slow publisher, a backlog or a
 * lagging instance cannot make an absence timer judge its deadline on state that lacks what was
 * sent before it. When every partition is read to its end and nothing has arrived for a while
 * (`idle`), the watermark stops holding timers back: quiet sources must not stop the clock.
 */
export function lowWatermark(partitions: readonly PartitionProgress[], idle = false): number {
  const latest = Math.max(-Infinity, ...partitions.map((p) => p.maxSentAt ?? -Infinity));
  let low = Infinity;
  let drained = true;
  for (const p of partitions) {
    if (p.high <= 0) continue;
    const read = Math.max(p.committed, p.next ?? -1);
    if (read < p.high) drained = false;
    low = Math.min(low, read >= p.high ? latest : (p.maxSentAt ?? -Infinity));
  }
  // Idle means nothing to read and nothing arriving; a backlog is never idleness.
  return idle && drained ? Infinity : low;
}

/**
 * Whether the sources are quiet: nothing applied for `idleMs`, counted from the later of the
 * last message applied and the last time the broker could not be read. While the broker is away
 * the sources writing to it are blocked, not quiet, and once it is back their backlog needs a
 * moment to come: silence then is no idleness.
 */
export function sourcesIdle(at: {
  wallNow: number;
  lastApplied: number;
  lastUnreachable?: number;
  idleMs: number;
}): boolean {
  return at.wallNow - Math.max(at.lastApplied, at.lastUnreachable ?? -Infinity) > at.idleMs;
}

/** Reads the broker's ends and the group's offsets, and the detector's own progress table. */
export function sourceWatermark(opts: {
  admin: Admin;
  pool: pg.Pool;
  groupId: string;
  topics: readonly string[];
  /** Wall milliseconds without a source message after which the sources count as idle. */
  idleMs: number;
  wallNow?: () => number;
}): () => Promise<Date | undefined> {
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
