/** A consumer group's committed offset on one partition; "-1" when it has committed none. */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: string;
}

export interface Watermark {
  partition: number;
  low: string;
  high: string;
}

/** One group at one instant: how far it has read (summed offsets) and how much is left. */
export interface GroupPosition {
  position: number;
  lag: number;
}

export interface LagSample {
  /** Wall epoch ms when the offsets were read. */
  at: number;
  groups: Record<string, GroupPosition>;
}

/**
 * Position and lag of a group over the partitions it has committed on. A partition without a
 * commit counts from its low watermark, so a group that read nothing has the whole log as lag.
 */
export function groupPosition(
  committed: readonly CommittedOffset[],
  watermarks: ReadonlyMap<string, readonly Watermark[]>,
): GroupPosition {
  let position = 0;
  let lag = 0;
  for (const c of committed) {
    const w = watermarks.get(c.topic)?.find((x) => x.partition === c.partition);
    if (!w) continue;
    const high = Number(w.high);
    const at = Number(c.offset) < 0 ? Number(w.low) : Number(c.offset);
    position += at;
    lag += Math.max(0, high - at);
  }
  return { position, lag };
}

const positionOf = (s: LagSample, groups: readonly string[]) =>
  groups.reduce((sum, g) => sum + (s.groups[g]?.position ?? 0), 0);
const lagOf = (s: LagSample, groups: readonly string[]) =>
  groups.reduce((sum, g) => sum + (s.groups[g]?.lag ?? 0), 0);

export interface CatchUp {
  /** First instant from which the groups had no lag and read nothing more; null if never. */
  caughtUpAt: number | null;
  /** Messages the groups read from the first sample to the last. */
  consumed: number;
}

/** When a set of groups (one service's) had read everything it was ever going to read. */
export function catchUp(samples: readonly LagSample[], groups: readonly string[]): CatchUp {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return { caughtUpAt: null, consumed: 0 };
  const final = positionOf(last, groups);
  let caughtUpAt: number | null = null;
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (lagOf(s, groups) !== 0 || positionOf(s, groups) !== final) break;
    caughtUpAt = s.at;
  }
  return { caughtUpAt, consumed: final - positionOf(first, groups) };
}

/** True when every group has had no lag and an unchanged position for at least `stableMs`. */
export function settled(samples: readonly LagSample[], stableMs: number): boolean {
  const last = samples[samples.length - 1];
  if (!last) return false;
  const groups = Object.keys(last.groups);
  // No group yet means no consumer has committed anything: nothing has drained.
  if (groups.length === 0) return false;
  const { caughtUpAt } = catchUp(samples, groups);
  return caughtUpAt !== null && last.at - caughtUpAt >= stableMs;
}

/** The service a consumer group belongs to: its name, or its name and a suffix. */
export function serviceOfGroup(group: string, services: readonly string[]): string {
  return services.find((s) => group === s || group.startsWith(`${s}-`)) ?? group;
}
