import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_WATCH as w, feedStalledAt, isFeedActive, isFeedStalled } from './feed.js';

const at = (iso: string) => new Date(iso);

describe('feed stalled: one definition for ingestion and the detector', () => {
  it('given a silence inside business hours, then the stall is due an hour after the last event', () => {
    // Mon 10 Mar 2025 10:00 EDT = 14:00Z.
    expect(feedStalledAt(w, at('2025-03-10T14:00:00Z'))?.toISOString()).toBe(
      '2025-03-10T15:00:00.000Z',
    );
  });

  it('given the last event at 16:30 on a Friday, then the stall is due Monday 09:00, not over the weekend', () => {
    expect(feedStalledAt(w, at('2025-03-07T21:30:00Z'))?.toISOString()).toBe(
      '2025-03-10T13:00:00.000Z', // Mon 09:00 EDT
    );
    expect(isFeedStalled(w, at('2025-03-07T21:30:00Z'), at('2025-03-09T12:00:00Z'))).toBe(false);
    expect(isFeedStalled(w, at('2025-03-07T21:30:00Z'), at('2025-03-10T13:00:00Z'))).toBe(true);
  });

  it('given a night window spanning midnight, then the early morning counts as active', () => {
    const night = { ...w, activeHours: '22:00-06:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(isFeedActive(night, at('2025-03-10T07:00:00Z'))).toBe(true); // 03:00 EDT
    expect(isFeedActive(night, at('2025-03-10T14:00:00Z'))).toBe(false);
    // Silent since 05:30 EDT: long enough at 06:30, outside; next active 22:00 EDT.
    expect(feedStalledAt(night, at('2025-03-10T09:30:00Z'))?.toISOString()).toBe(
      '2025-03-11T02:00:00.000Z',
    );
  });

  it('given a feed never heard from, then it is stalled as soon as it is expected to be active', () => {
    expect(isFeedStalled(w, null, at('2025-03-10T14:00:00Z'))).toBe(true);
    expect(isFeedStalled(w, null, at('2025-03-09T14:00:00Z'))).toBe(false); // Sunday
  });

  it('given an always-active feed, then the stall is due exactly silentMinutes later', () => {
    const always = { ...w, activeHours: '00:00-24:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(feedStalledAt(always, at('2025-03-09T03:10:00Z'))?.toISOString()).toBe(
      '2025-03-09T04:10:00.000Z',
    );
  });
});
