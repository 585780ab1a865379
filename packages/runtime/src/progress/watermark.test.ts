import { describe, expect, it } from 'vitest';
import { absenceCutoff, HOLD_ALL, lowWatermark, sourcesIdle } from './watermark.js';

const t = (iso: string) => Date.parse(iso);

describe('source watermark (pure)', () => {
  it('given partitions read to their end, then it is the latest send applied: nothing is known of later sends', () => {
    const low = lowWatermark([
      { high: 10, committed: 10, next: 10, maxSentAt: t('2025-03-10T15:00:00Z') },
      { high: 4, committed: 4, next: 4, maxSentAt: t('2025-03-10T16:00:00Z') },
      { high: 0, committed: -1 },
    ]);
    expect(low).toBe(t('2025-03-10T16:00:00Z'));
  });

  it('given a partition still being read, then it is the latest send applied from that partition', () => {
    const low = lowWatermark([
      { high: 10, committed: 10, next: 10, maxSentAt: t('2025-03-10T18:00:00Z') },
      { high: 50, committed: 20, next: 30, maxSentAt: t('2025-03-10T15:00:00Z') },
      { high: 9, committed: 3, next: 9, maxSentAt: t('2025-03-10T11:00:00Z') },
    ]);
    expect(low).toBe(t('2025-03-10T15:00:00Z'));
  });

  it('given a partition with messages the consumer has applied none of, then no absence timer may fire', () => {
    expect(lowWatermark([{ high: 5, committed: -1 }])).toBe(-Infinity);
  });

  it('given sources idle for a while with everything read, then nothing holds absence timers back; with a backlog, idleness does not count', () => {
    const read = { high: 5, committed: 5, next: 5, maxSentAt: t('2025-03-10T15:00:00Z') };
    expect(lowWatermark([read], true)).toBe(Infinity);
    expect(lowWatermark([read, { high: 5, committed: -1 }], true)).toBe(-Infinity);
  });

  it('given the broker away a moment ago, then the sources are not idle until they have had the idle time to resume since it came back', () => {
    const idleMs = 10_000;
    expect(sourcesIdle({ wallNow: 60_000, lastApplied: 10_000, idleMs })).toBe(true);
    // The broker could not be read until 55 s: its sources were blocked, not quiet.
    expect(
      sourcesIdle({ wallNow: 60_000, lastApplied: 10_000, lastUnreachable: 55_000, idleMs }),
    ).toBe(false);
    expect(
      sourcesIdle({ wallNow: 65_001, lastApplied: 10_000, lastUnreachable: 55_000, idleMs }),
    ).toBe(true);
  });
});

describe('absence cutoff (pure)', () => {
  const now = new Date('2025-03-10T16:00:00Z');

  it('given a watermark behind the clock (a lagging consumer), then timers wait for it', () => {
    const at = new Date('2025-03-10T12:00:00Z');
    expect(absenceCutoff(now, at, 60_000)).toEqual(at);
  });

  it('given a watermark ahead of the clock less the grace, then the clock less the grace decides', () => {
    const at = new Date('2025-03-10T18:00:00Z');
    expect(absenceCutoff(now, at, 60_000)).toEqual(new Date('2025-03-10T15:59:00Z'));
  });

  it('given idle sources (no watermark limit), then only the clock and the grace decide', () => {
    expect(absenceCutoff(now, undefined)).toEqual(now);
  });

  it('given a watermark that could not be read, then every absence timer waits', () => {
    expect(absenceCutoff(now, HOLD_ALL)).toEqual(HOLD_ALL);
  });
});
