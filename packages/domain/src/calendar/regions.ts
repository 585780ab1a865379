import type { BusinessCalendar } from './business-calendar.js';

const US = { country: 'US' };

const WEEKDAYS = [1, 2, 3, 4, 5] as const;

/** Default calendars by region id; tenants may replace or add their own. */
export const defaultCalendars: Record<string, BusinessCalendar> = {
  'us-east': {
    id: 'us-east',
    timezone: 'America/New_York',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    publicHolidays: US,
    closures: [],
  },
  'us-central': {
    id: 'us-central',
    timezone: 'America/Chicago',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    publicHolidays: US,
    closures: [],
  },
  'us-west': {
    id: 'us-west',
    timezone: 'America/Los_Angeles',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    publicHolidays: US,
    closures: [],
  },
  'ca-qc': {
    id: 'ca-qc',
    timezone: 'America/Toronto',
    opens: '08:30',
    closes: '17:00',
    workdays: WEEKDAYS,
    publicHolidays: { country: 'CA', subdivision: 'QC' },
    closures: [],
  },
  /**
   * When source systems are expected to send: weekdays 09:00-17:00 New York time, holidays
   * included (ERP, WMS and carriers run through them). A quiet night is not a stalled feed.
   */
  'source-feeds': {
    id: 'source-feeds',
    timezone: 'America/New_York',
    opens: '09:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    closures: [],
  },
  /** Around the clock: critical cases page on-call 24/7. */
  '24x7': {
    id: '24x7',
    timezone: 'UTC',
    opens: '00:00',
    closes: '24:00',
    workdays: [1, 2, 3, 4, 5, 6, 7],
    closures: [],
  },
};

/** The calendar of a region, falling back to one in the given time zone, else us-east. */
export function calendarFor(
  calendars: Record<string, BusinessCalendar>,
  region: string | null | undefined,
  timezone?: string | null,
): BusinessCalendar {
  const byRegion = region ? calendars[region] : undefined;
  if (byRegion) return byRegion;
  const base = calendars['us-east'] ?? defaultCalendars['us-east']!;
  return timezone ? { ...base, id: `tz:${timezone}`, timezone } : base;
}
