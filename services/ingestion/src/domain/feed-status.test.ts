import { describe, expect, it } from 'vitest';
import { aggregate } from './feed-observations.js';
import { emptyStats, feedView, isActive, type FeedPolicy, type FeedStats } from './feed-status.js';

const weekdays: FeedPolicy = {
  stallMinutes: 30,
  activeHours: '06:00-20:00',
  timezone: 'America/New_York',
  days: [1, 2, 3, 4, 5],
};
const stats = (o: Partial<FeedStats>): FeedStats => ({ ...emptyStats('erp:sap-prod'), ...o });

describe('feed status', () => {
  it('knows active hours in the feed’s own time zone and days', () => {
    expect(isActive(weekdays, new Date('2025-03-05T12:00:00Z'))).toBe(true); // Wed 07:00 in New York
    expect(isActive(weekdays, new Date('2025-03-05T10:30:00Z'))).toBe(false); // Wed 05:30
    expect(isActive(weekdays, new Date('2025-03-08T15:00:00Z'))).toBe(false); // Saturday
    expect(
      isActive(
        { ...weekdays, activeHours: '22:00-04:00', days: [1, 2, 3, 4, 5, 6, 7] },
        new Date('2025-03-05T07:00:00Z'),
      ),
    ).toBe(true);
  });

  it('given 31 silent minutes in active hours, when viewed, then the feed is stalled', () => {
    const now = new Date('2025-03-05T15:00:00Z');
    const view = feedView(
      stats({
        lastReceivedAt: new Date('2025-03-05T14:29:00Z'),
        eventsTotal: 90,
        rejectsTotal: 10,
        recentEvents: 30,
      }),
      weekdays,
      now,
      15,
    );
    expect(view).toMatchObject({
      silentMinutes: 31,
      stalled: true,
      activeNow: true,
      eventsPerMinute: 2,
      rejectRate: 0.1,
    });
  });

  it('given a silence that becomes long enough only after hours, then it is not stalled until the feed is expected again; a feed never heard from is, when active', () => {
    const night = new Date('2025-03-06T03:00:00Z'); // Wed 22:00 in New York
    // Last heard at 19:45: 30 minutes later the feed is off duty; it is due at 06:00.
    const lateEvening = stats({ lastReceivedAt: new Date('2025-03-06T00:45:00Z') });
    expect(feedView(lateEvening, weekdays, night, 15).stalled).toBe(false);
    expect(feedView(lateEvening, weekdays, new Date('2025-03-06T11:00:00Z'), 15).stalled).toBe(
      true,
    );
    // Silent since 15:00, stalled at 15:30: it stays stalled through the night until it sends.
    const afternoon = stats({ lastReceivedAt: new Date('2025-03-05T20:00:00Z') });
    expect(feedView(afternoon, weekdays, night, 15).stalled).toBe(true);
    expect(feedView(stats({}), weekdays, new Date('2025-03-05T15:00:00Z'), 15)).toMatchObject({
      stalled: true,
      silentMinutes: null,
    });
  });

  it('folds observations per source; a late event never moves the last event time back', () => {
    const [d] = aggregate([
      {
        kind: 'event',
        source: 'wms',
        occurredAt: new Date('2025-03-05T10:00:00Z'),
        receivedAt: new Date('2025-03-05T10:00:30Z'),
      },
      {
        kind: 'event',
        source: 'wms',
        occurredAt: new Date('2025-03-04T10:00:00Z'),
        receivedAt: new Date('2025-03-05T10:01:10Z'),
      },
      { kind: 'dlq', source: 'wms', receivedAt: new Date('2025-03-05T10:02:00Z') },
      { kind: 'undecodable', source: 'wms', receivedAt: new Date('2025-03-05T10:02:00Z') },
    ]);
    expect(d).toMatchObject({
      events: 2,
      dlq: 1,
      rejects: 1,
      maxOccurredAt: new Date('2025-03-05T10:00:00Z'),
      maxReceivedAt: new Date('2025-03-05T10:01:10Z'),
    });
    expect([...d!.perMinute.values()]).toEqual([1, 1]);
  });
});
