import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  nextBusinessInstant,
  isBusinessTime,
} from './business-calendar.js';
import { calendarFor, defaultCalendars } from './regions.js';

const usEast = defaultCalendars['us-east']!;
const at = (iso: string) => new Date(iso);

describe('business calendar (us-east, 08:00-17:00 America/New_York)', () => {
  it('given a weekday morning, when asked, then it is business time; a Saturday is not', () => {
    expect(isBusinessTime(usEast, at('2025-03-03T14:00:00Z'))).toBe(true); // Mon 09:00 EST
    expect(isBusinessTime(usEast, at('2025-03-03T12:30:00Z'))).toBe(false); // Mon 07:30
    expect(isBusinessTime(usEast, at('2025-03-08T15:00:00Z'))).toBe(false); // Sat
  });

  it('given Memorial Day, when asked, then it is not business time', () => {
    expect(isBusinessTime(usEast, at('2025-05-26T14:00:00Z'))).toBe(false);
  });

  it('given a year no list was ever written for, when asked, then the holiday library still knows Thanksgiving', () => {
    expect(isBusinessTime(usEast, at('2031-11-27T15:00:00Z'))).toBe(false); // Thu 27 Nov 2031
    expect(isBusinessTime(usEast, at('2031-11-28T15:00:00Z'))).toBe(true);
  });

  it('given a company closure as data, when asked, then that day is closed too', () => {
    const closed = { ...usEast, closures: ['2025-03-04'] };
    expect(isBusinessTime(closed, at('2025-03-04T15:00:00Z'))).toBe(false);
    expect(isBusinessTime(usEast, at('2025-03-04T15:00:00Z'))).toBe(true);
  });

  it('given the Quebec calendar, when asked about the Fête nationale, then it is closed while New York works', () => {
    const qc = defaultCalendars['ca-qc']!;
    expect(isBusinessTime(qc, at('2026-06-24T15:00:00Z'))).toBe(false);
    expect(isBusinessTime(usEast, at('2026-06-24T15:00:00Z'))).toBe(true);
  });

  it('given Monday 16:00, when adding 2 business hours, then it is Tuesday 09:00', () => {
    expect(addBusinessMinutes(usEast, at('2025-03-03T21:00:00Z'), 120).toISOString()).toBe(
      '2025-03-04T14:00:00.000Z',
    );
  });

  it('given Friday 16:00 before Memorial Day, when adding 2 business hours, then the weekend and the holiday are skipped', () => {
    // Fri 23 May 16:00 EDT + 1 h to close, Sat, Sun, Mon holiday, Tue 08:00 + 1 h.
    expect(addBusinessMinutes(usEast, at('2025-05-23T20:00:00Z'), 120).toISOString()).toBe(
      '2025-05-27T13:00:00.000Z',
    );
  });

  it('given a start on Sunday, when adding 8 business hours, then the clock starts Monday 08:00 and ends Monday 16:00', () => {
    expect(addBusinessMinutes(usEast, at('2025-03-09T18:00:00Z'), 480).toISOString()).toBe(
      '2025-03-10T20:00:00.000Z', // Mon 16:00 EDT (DST began on 9 March)
    );
  });

  it('given two instants spanning a weekend, when measuring, then only business minutes count', () => {
    // Fri 7 Mar 16:00 EST -> Mon 10 Mar 09:00 EDT = 60 + 60.
    expect(
      businessMinutesBetween(usEast, at('2025-03-07T21:00:00Z'), at('2025-03-10T13:00:00Z')),
    ).toBe(120);
    expect(
      businessMinutesBetween(usEast, at('2025-03-10T13:00:00Z'), at('2025-03-07T21:00:00Z')),
    ).toBe(0);
  });

  it('given an instant outside business hours, when asking for the next business instant, then it is the next opening; inside, it is the instant itself', () => {
    const feeds = defaultCalendars['source-feeds']!;
    expect(nextBusinessInstant(feeds, at('2025-03-10T12:30:00Z')).toISOString()).toBe(
      '2025-03-10T13:00:00.000Z',
    ); // Mon 08:30 EDT → 09:00
    expect(nextBusinessInstant(feeds, at('2025-03-10T15:10:00Z')).toISOString()).toBe(
      '2025-03-10T15:10:00.000Z',
    );
    expect(nextBusinessInstant(feeds, at('2025-03-07T22:30:00Z')).toISOString()).toBe(
      '2025-03-10T13:00:00.000Z',
    ); // Fri 17:30 EST → Mon 09:00 EDT
  });

  it('given an unknown region with a time zone, when choosing a calendar, then the default hours apply in that zone', () => {
    const cal = calendarFor(defaultCalendars, 'mars', 'America/Los_Angeles');
    expect(cal.timezone).toBe('America/Los_Angeles');
    expect(calendarFor(defaultCalendars, 'ca-qc').id).toBe('ca-qc');
  });
});
