/** How many resends a key may ask for within a window. */
export interface Limit {
  max: number;
  windowMs: number;
}

export const RESEND_LIMITS = {
  /** A notice a customer asks for again and again is a complaint, not a delivery problem. */
  perNotice: { max: 3, windowMs: 60 * 60_000 },
  perCaller: { max: 30, windowMs: 60 * 60_000 },
} as const satisfies Record<string, Limit>;

/**
 * Sliding-window counters per key, in this instance's memory (a restart forgets them; with N
 * instances a caller gets at most N times the limit). A Map, so no key can hit a prototype.
 */
export function slidingWindow(limit: Limit) {
  const hits = new Map<string, number[]>();
  return {
    /** Records a hit and says whether it is within the limit; a refused hit is not counted. */
    take(key: string, now: number): boolean {
      const recent = (hits.get(key) ?? []).filter((t) => now - t < limit.windowMs);
      if (recent.length >= limit.max) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.set(key, recent);
      return true;
    },
  };
}
