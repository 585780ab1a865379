import { DateTime } from 'luxon';
import type { QuietHours } from './preferences.js';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function local(at: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(at, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  return dt;
}

/** True when `at` falls in the quiet window, read on the wall clock of the window's zone. */
export function inQuietHours(at: Date, quiet: QuietHours): boolean {
  const t = local(at, quiet.timeZone);
  const now = t.hour * 60 + t.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The next instant at or after `at` whose local time is `hhmm` in `timeZone` (DST-aware). */
export function nextLocalTime(at: Date, hhmm: string, timeZone: string): Date {
  const t = local(at, timeZone);
  const minutes = minutesOf(hhmm);
  let candidate = t.startOf('day').set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  if (candidate < t) candidate = candidate.plus({ days: 1 });
  return candidate.toJSDate();
}

/** When a non-critical notice may go out: now, or the end of the quiet window it falls in. */
export function releaseTime(at: Date, quiet: QuietHours | null): Date {
  if (!quiet || !inQuietHours(at, quiet)) return at;
  return nextLocalTime(at, quiet.end, quiet.timeZone);
}
