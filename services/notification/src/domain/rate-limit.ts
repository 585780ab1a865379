/** A token bucket: `ratePerSecond` tokens refill continuously up to `burst`. */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export function fullBucket(limit: RateLimit, now: number): Bucket {
  return { tokens: limit.burst, updatedAt: now };
}

function refill(bucket: Bucket, limit: RateLimit, now: number): Bucket {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
  return {
    tokens: Math.min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond),
    updatedAt: now,
  };
}

/** How many whole sends the bucket allows right now. */
export function available(bucket: Bucket, limit: RateLimit, now: number): number {
  return Math.floor(refill(bucket, limit, now).tokens);
}

/** Takes `n` tokens (callers take at most `available`). */
export function take(bucket: Bucket, limit: RateLimit, now: number, n: number): Bucket {
  const b = refill(bucket, limit, now);
  return { tokens: Math.max(0, b.tokens - n), updatedAt: now };
}
