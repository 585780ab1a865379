import { DateTime } from 'luxon';
import { zoneOf } from './cached-zone.js';
import { isPublicHoliday, type HolidayRegion } from './holidays.js';

/**
 * Working hours of one region: local wall-clock hours on working weekdays, minus the region's
 * public holidays (from the date-holidays library, any year) and the company's own closures.
 */
export interface BusinessCalendar {
  id: string;
  timezone: string;
  /** Local opening and closing time, 'HH:mm'. */
  opens: string;
  closes: string;
  /** Local time after which nothing ships that day, 'HH:mm' (DEFAULT_CUT_OFF when absent). */
  cutOff?: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workdays: readonly number[];
  /** Whose public holidays are days off; none for a calendar that runs through them. */
  publicHolidays?: HolidayRegion;
  /** Company closures: local dates ('YYYY-MM-DD') that are not working days. Data, not code. */
  closures: readonly string[];
}

const MINUTE_MS = 60_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function local(cal: BusinessCalendar, at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: zoneOf(cal.timezone) });
}

export function isBusinessDay(cal: BusinessCalendar, day: DateTime): boolean {
  if (!cal.workdays.includes(day.weekday)) return false;
  const date = day.toISODate() ?? '';
  if (cal.closures.includes(date)) return false;
  return !cal.publicHolidays || !isPublicHoliday(cal.publicHolidays, date);
}

/** The opening and closing instants of a local day (whatever its status). */
function window(cal: BusinessCalendar, day: DateTime): { open: DateTime; close: DateTime } {
  const start = day.startOf('day');
  return {
    open: start.plus({ minutes: minutesOf(cal.opens) }),
    close: start.plus({ minutes: minutesOf(cal.closes) }),
  };
}

export function isBusinessTime(cal: BusinessCalendar, at: Date): boolean {
  const t = local(cal, at);
  if (!isBusinessDay(cal, t)) return false;
  const { open, close } = window(cal, t);
  return t >= open && t < close;
}

/** The first business day on or after `day`; a year of holidays cannot hold a calendar back longer. */
function nextBusinessDay(cal: BusinessCalendar, day: DateTime): DateTime {
  let d = day.startOf('day');
  for (let i = 0; i < 366 && !isBusinessDay(cal, d); i++) d = d.plus({ days: 1 });
  return d;
}

/**
 * `from` plus `minutes` of business time. Starting outside business hours, the clock starts at
 * the next opening; a result landing exactly on a closing time stays there (due by close).
 */
export function addBusinessMinutes(cal: BusinessCalendar, from: Date, minutes: number): Date {
  let remaining = minutes;
  let cursor = local(cal, from);
  for (let guard = 0; guard < 5000; guard++) {
    const day = nextBusinessDay(cal, cursor);
    const { open, close } = window(cal, day);
    if (!day.hasSame(cursor, 'day')) cursor = open;
    if (cursor < open) cursor = open;
    if (cursor >= close) {
      cursor = day.plus({ days: 1 }).startOf('day');
      continue;
    }
    const available = close.diff(cursor, 'minutes').minutes;
    if (remaining <= available) return cursor.plus({ minutes: remaining }).toJSDate();
    remaining -= available;
    cursor = day.plus({ days: 1 }).startOf('day');
  }
  throw new RangeError(`calendar ${cal.id} has no business time to add ${minutes} minutes`);
}

/** `at` itself when it is business time, else the next opening. */
export function nextBusinessInstant(cal: BusinessCalendar, at: Date): Date {
  let cursor = local(cal, at);
  for (let guard = 0; guard < 400; guard++) {
    const day = nextBusinessDay(cal, cursor);
    const { open, close } = window(cal, day);
    if (!day.hasSame(cursor, 'day') || cursor < open) return open.toJSDate();
    if (cursor < close) return cursor.toJSDate();
    cursor = day.plus({ days: 1 }).startOf('day');
  }
  throw new RangeError(`calendar ${cal.id} has no business time after ${at.toISOString()}`);
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  let day = local(cal, from).startOf('day');
  const end = local(cal, to);
  for (let guard = 0; guard < 5000 && day <= end; guard++) {
    if (isBusinessDay(cal, day)) {
      const { open, close } = window(cal, day);
      const a = Math.max(open.toMillis(), from.getTime());
      const b = Math.min(close.toMillis(), to.getTime());
      if (b > a) total += (b - a) / MINUTE_MS;
    }
    day = day.plus({ days: 1 });
  }
  return Math.round(total);
}

/** The first business day on or after a local date, as that day's start in the calendar's zone. */
export function businessDayOnOrAfter(cal: BusinessCalendar, isoDate: string): DateTime {
  return nextBusinessDay(cal, DateTime.fromISO(isoDate, { zone: zoneOf(cal.timezone) }));
}

/** The local calendar date of an instant in the calendar's time zone. */
export function localDate(cal: BusinessCalendar, at: Date): string {
  return local(cal, at).toISODate() ?? '';
}

/**
 * `hours` counted on business days only: whole days move to the same local time on the next
 * business day (weekends and holidays do not count), the remainder is added as is.
 */
export function addBusinessDayHours(cal: BusinessCalendar, from: Date, hours: number): Date {
  let t = local(cal, from);
  for (let days = Math.floor(hours / 24); days > 0; days--) {
    t = t.plus({ days: 1 });
    for (let i = 0; i < 366 && !isBusinessDay(cal, t); i++) t = t.plus({ days: 1 });
  }
  return t.plus({ hours: hours % 24 }).toJSDate();
}
