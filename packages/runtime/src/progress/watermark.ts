/**
 * How far a consumer has really read its source topics: the pure rules. The consumer records
 * its progress per partition in its batches' transactions (`record.ts`), the service reads the
 * broker's log ends and its group's offsets besides (`read.ts`), and these functions turn that
 * into the instant up to which its absence timers (a feed's silence, a shipment's stall) may be
 * judged. The exception-detector and the shipment service share them; each keeps its own table.
 */

/** One partition of a source topic: where the log ends and how far the consumer has read it. */
export interface PartitionProgress {
  /** The log end offset (high watermark) just read from the broker. */
  high: number;
  /** The group's committed offset (-1 when none). */
  committed: number;
  /** From the consumer's own batches: the next offset to apply and the latest send time seen. */
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

/**
 * The instant up to which absence timers may fire: the clock less the grace (what was sent just
 * before a deadline may still be on its way), and never past the watermark (undefined: the
 * sources are idle, no limit). A watermark that could not be read is `HOLD_ALL`.
 */
export function absenceCutoff(now: Date, watermark: Date | undefined, graceMs = 0): Date {
  return new Date(Math.min(now.getTime() - graceMs, watermark?.getTime() ?? Infinity));
}

/** Earlier than any deadline (and within PostgreSQL's range): holds every absence timer back. */
export const HOLD_ALL = new Date(0);
