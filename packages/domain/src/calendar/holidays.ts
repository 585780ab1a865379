import Holidays from 'date-holidays';

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

function engineOf(region: HolidayRegion): Holidays {
  const key = `${region.country}-${region.subdivision ?? ''}`;
  let hd = engines.get(key);
  if (!hd) {
    hd = region.subdivision
      ? new Holidays(region.country, region.subdivision, { types: ['public'] })
      : new Holidays(region.country, { types: ['public'] });
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
