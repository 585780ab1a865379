import { DateTime } from 'luxon';
import { businessDayOnOrAfter, type BusinessCalendar } from './calendar/business-calendar.js';
import { zoneOf } from './calendar/cached-zone.js';

/** When a site stops shipping for the day, unless its calendar says otherwise. */
export const DEFAULT_CUT_OFF = '17:00';

/** A promise as the ERP states it: a date, and sometimes the exact date-time with its offset. */
export interface StatedPromise {
  /** Local date in the order's zone, 'YYYY-MM-DD'. */
  date: string;
  /** ISO-8601 instant with `Z` or an offset; wins over the date when present. */
  dateTime?: string | null;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * The instant an order must have shipped by. A date alone means the shipping site's cut-off that
 * day in its own calendar (17:00 local by default); a date that is not a business day there is
 * kept by the cut-off of the next business day.
 */
export function shipBy(cal: BusinessCalendar, promise: StatedPromise): string {
  if (promise.dateTime) return new Date(promise.dateTime).toISOString();
  const day = businessDayOnOrAfter(cal, promise.date);
  return day
    .plus({ minutes: minutesOf(cal.cutOff ?? DEFAULT_CUT_OFF) })
    .toUTC()
    .toISO()!;
}

/**
 * The instant an order must be delivered by. A date alone means by the end of that day at the
 * ship-to (carriers deliver through the evening), weekends and holidays included.
 */
export function deliverBy(timeZone: string, promise: StatedPromise): string {
  if (promise.dateTime) return new Date(promise.dateTime).toISOString();
  return DateTime.fromISO(promise.date, { zone: zoneOf(timeZone) })
    .endOf('day')
    .toUTC()
    .toISO()!;
}
