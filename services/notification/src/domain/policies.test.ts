import { describe, expect, it } from 'vitest';
import { proactivityKpi, wasProactive } from './proactivity.js';
import { inQuietHours, releaseTime } from './quiet-hours.js';
import { available, fullBucket, take } from './rate-limit.js';
import { afterFailure, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = {
  maxAttempts: 5,
  attemptsPerChannel: 2,
  backoff: { initialMs: 1000, maxMs: 60_000, factor: 2 },
};
const now = new Date('2025-03-06T12:00:00Z');
const failed = {
  attempts: 1,
  channelAttempts: 1,
  destinationIndex: 0,
  destinationCount: 2,
  retriable: true,
};

describe('afterFailure', () => {
  it('retries the same channel with jittered exponential backoff', () => {
    const r = afterFailure({ ...failed, attempts: 1, channelAttempts: 1 }, policy, now, () => 0.5);
    expect(r).toEqual({
      action: 'retry',
      at: new Date(now.getTime() + 500),
      destinationIndex: 0,
      failover: false,
    });
    const third = afterFailure(
      { ...failed, destinationCount: 1, attempts: 3, channelAttempts: 3 },
      policy,
      now,
      () => 0.999,
    );
    expect(third.action === 'retry' && third.at.getTime() - now.getTime()).toBe(3996);
  });

  it('fails over when the channel used its attempts or refused for good', () => {
    expect(afterFailure({ ...failed, attempts: 2, channelAttempts: 2 }, policy, now)).toMatchObject(
      {
        action: 'retry',
        destinationIndex: 1,
        failover: true,
        at: now,
      },
    );
    expect(afterFailure({ ...failed, retriable: false }, policy, now)).toMatchObject({
      destinationIndex: 1,
    });
  });

  it('dead-letters after the last attempt or a permanent failure on the last channel', () => {
    expect(afterFailure({ ...failed, attempts: 5 }, policy, now)).toEqual({ action: 'dead' });
    expect(afterFailure({ ...failed, destinationIndex: 1, retriable: false }, policy, now)).toEqual(
      { action: 'dead' },
    );
  });
});

describe('quiet hours', () => {
  const quiet = { start: '21:00', end: '08:00', timeZone: 'Europe/Paris' };
  it('spans midnight on the local clock', () => {
    expect(inQuietHours(new Date('2025-03-06T21:30:00Z'), quiet)).toBe(true);
    expect(inQuietHours(new Date('2025-03-06T06:59:00Z'), quiet)).toBe(true);
    expect(inQuietHours(new Date('2025-03-06T07:00:00Z'), quiet)).toBe(false);
  });
  it('releases at the local end of the window, across a DST change', () => {
    // Paris moves to summer time on 30 March 2025: 08:00 local is 06:00Z that morning.
    expect(releaseTime(new Date('2025-03-29T22:00:00Z'), quiet).toISOString()).toBe(
      '2025-03-30T06:00:00.000Z',
    );
    expect(releaseTime(now, quiet)).toEqual(now);
  });
});

describe('rate limit', () => {
  it('allows a burst then refills at the rate', () => {
    const limit = { ratePerSecond: 2, burst: 3 };
    let b = fullBucket(limit, 0);
    expect(available(b, limit, 0)).toBe(3);
    b = take(b, limit, 0, 3);
    expect(available(b, limit, 0)).toBe(0);
    expect(available(b, limit, 1000)).toBe(2);
    expect(available(b, limit, 10_000)).toBe(3);
  });
});

describe('proactivity', () => {
  const at = (h: number) => new Date(Date.UTC(2025, 2, 6, h));
  it('counts an exception as proactive when we told before the customer contacted us', () => {
    expect(wasProactive({ openedAt: at(1), firstToldAt: at(2), customerContactedAt: at(5) })).toBe(
      true,
    );
    expect(wasProactive({ openedAt: at(1), firstToldAt: at(6), customerContactedAt: at(5) })).toBe(
      false,
    );
    expect(wasProactive({ openedAt: at(1), firstToldAt: null, customerContactedAt: null })).toBe(
      false,
    );
  });
  it('computes the ratio and median times', () => {
    const kpi = proactivityKpi([
      { openedAt: at(1), firstToldAt: at(2), customerContactedAt: at(5) },
      { openedAt: at(1), firstToldAt: at(1), customerContactedAt: null },
      { openedAt: at(1), firstToldAt: null, customerContactedAt: at(3) },
    ]);
    expect(kpi).toEqual({
      exceptions: 3,
      told: 2,
      proactive: 2,
      proactiveRatio: 2 / 3,
      medianTimeToTellMs: 1_800_000,
      medianLeadTimeMs: 3 * 3_600_000,
    });
  });
});
