import type { BusinessCalendar } from './business-calendar.js';

const US_HOLIDAYS_2025_2026 = [
  '2025-01-01',
  '2025-01-20',
  '2025-02-17',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-10-13',
  '2025-11-11',
  '2025-11-27',
  '2025-12-25',
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
];

const CA_QC_HOLIDAYS_2025_2026 = [
  '2025-01-01',
  '2025-04-18',
  '2025-05-19',
  '2025-06-24',
  '2025-07-01',
  '2025-09-01',
  '2025-10-13',
  '2025-12-25',
  '2026-01-01',
  '2026-04-03',
  '2026-05-18',
  '2026-06-24',
  '2026-07-01',
  '2026-09-07',
  '2026-10-12',
  '2026-12-25',
];

const WEEKDAYS = [1, 2, 3, 4, 5] as const;

/** Default calendars by region id; tenants may replace or add their own. */
export const defaultCalendars: Record<string, BusinessCalendar> = {
  'us-east': {
    id: 'us-east',
    timezone: 'America/New_York',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    holidays: US_HOLIDAYS_2025_2026,
  },
  'us-central': {
    id: 'us-central',
    timezone: 'America/Chicago',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    holidays: US_HOLIDAYS_2025_2026,
  },
  'us-west': {
    id: 'us-west',
    timezone: 'America/Los_Angeles',
    opens: '08:00',
    closes: '17:00',
    workdays: WEEKDAYS,
    holidays: US_HOLIDAYS_2025_2026,
  },
  'ca-qc': {
    id: 'ca-qc',
    timezone: 'America/Toronto',
    opens: '08:30',
    closes: '17:00',
    workdays: WEEKDAYS,
    holidays: CA_QC_HOLIDAYS_2025_2026,
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
    holidays: [],
  },
  /** Around the clock: critical cases page on-call 24/7. */
  '24x7': {
    id: '24x7',
    timezone: 'UTC',
    opens: '00:00',
    closes: '24:00',
    workdays: [1, 2, 3, 4, 5, 6, 7],
    holidays: [],
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
