export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (ms: number): string => new Date(ms).toISOString();

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

function wallParts(ms: number, timeZone: string): Record<string, number> {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  return Object.fromEntries(
    parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]),
  );
}

const offsets = new Map<string, number>();

/** Offset of the zone from UTC at that instant, in ms (e.g. -4 h for New York in summer). */
export function zoneOffset(ms: number, timeZone: string): number {
  // Zones change offset on the hour, so one lookup per zone and hour is exact and keeps Intl
  // (slow) out of the hot path.
  const bucket = Math.floor(ms / HOUR) * HOUR;
  const key = `${timeZone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = wallParts(bucket, timeZone);
    offset =
      Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour, p.minute, p.second) - bucket;
    offsets.set(key, offset);
  }
  return offset;
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 10);
}

/** The instant a local wall time happens in the zone (DST-aware to within the hour of a switch). */
export function zonedTime(date: string, hour: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + hour * HOUR;
  const first = guess - zoneOffset(guess, timeZone);
  return guess - zoneOffset(first, timeZone);
}

/** End of a local date: the next local midnight, when a promise on that date has passed. */
export function endOfLocalDate(date: string, timeZone: string): number {
  return zonedTime(addDays(date, 1), 0, timeZone);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Adds business days (Monday to Friday; holidays are not modelled). */
export function addBusinessDays(date: string, days: number): string {
  let out = date;
  let left = days;
  while (left > 0) {
    out = addDays(out, 1);
    if (!isWeekend(out)) left--;
  }
  return out;
}

/** The first business day at `hour` local time that is not before `ms`. */
export function nextBusinessMorning(ms: number, timeZone: string, hour: number): number {
  let date = localDate(ms, timeZone);
  for (;;) {
    const at = zonedTime(date, hour, timeZone);
    if (!isWeekend(date) && at >= ms) return at;
    date = addDays(date, 1);
  }
}
