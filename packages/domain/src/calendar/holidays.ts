import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

/** Where a calendar's public holidays come from: a country and, optionally, its subdivision. */
export interface HolidayRegion {
  /** ISO 3166-1 alpha-2, e.g. 'US', 'CA', 'FR'. */
  country: string;
  /** ISO 3166-2 subdivision code without the country, e.g. 'QC', 'NY'. */
  subdivision?: string;
}

// date-holidays computes a whole year of rules at a time; a calendar asks about the same few years
// over and over, so each (region, year) is computed once.
const byYear = new Map<string, ReadonlySet<string>>();
const engines = new Map<string, Holidays>();

// date-holidays holds every country's rules: 5 MB of heap once loaded (8 MB through its ES module
// build), paid by every process that imports this package though only calendars with public
// holidays ask (the feed and 24x7 calendars never do). So it is loaded at the first question,
// and through its CommonJS build, which `require` loads synchronously: the calendar API stays
// synchronous and no service has to load anything at start.
let library: typeof Holidays | undefined;
const holidaysLibrary = (): typeof Holidays =>
  (library ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays);

function engineOf(region: HolidayRegion): Holidays {
  const key = `${region.country}-${region.subdivision ?? ''}`;
  let hd = engines.get(key);
  if (!hd) {
    const Library = holidaysLibrary();
    hd = region.subdivision
      ? new Library(region.country, region.subdivision, { types: ['public'] })
      : new Library(region.country, { types: ['public'] });
    engines.set(key, hd);
  }
  return hd;
}

/** The local dates ('YYYY-MM-DD') of the region's public holidays in `year`. */
export function publicHolidays(region: HolidayRegion, year: number): ReadonlySet<string> {
  const key = `${region.country}-${region.subdivision ?? ''}-${year}`;
  let days = byYear.get(key);
  if (!days) {
    days = new Set(
      engineOf(region)
        .getHolidays(year)
        .map((h) => h.date.slice(0, 10)),
    );
    byYear.set(key, days);
  }
  return days;
}

/** Whether the local date is a public holiday of the region. */
export function isPublicHoliday(region: HolidayRegion, isoDate: string): boolean {
  return publicHolidays(region, Number(isoDate.slice(0, 4))).has(isoDate);
}
