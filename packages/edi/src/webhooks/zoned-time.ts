import { wallClockOffset } from '../zones.js';

/**
 * Reading a provider's time as an instant. Aggregators mix forms: ISO with an offset, ISO with
 * none (AfterShip's checkpoint_time is the carrier's local time, Shippo's test data has no zone),
 * a date and a time in two fields (Karrio). A time without an offset is read in the source's
 * configured zone, never silently as UTC or as this machine's zone.
 */

const WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:\s*([AP]M))?)?$/i;

export type TimeReading = { ok: true; instant: string } | { ok: false; reason: string };

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function format(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string | undefined,
  zone: string,
): string {
  const ms = frac ? frac.slice(0, 4).padEnd(4, '0') : '';
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${ms}${zone}`;
}

function validDate(y: number, m: number, d: number, h: number, min: number, s: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d, h, min, s));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === m - 1 &&
    t.getUTCDate() === d &&
    h < 24 &&
    min < 60 &&
    s < 60
  );
}

/**
 * `2025-03-06T07:15:00-06:00` stays as sent; `2025-03-06T07:15:00`, `2025-03-06 7:15 AM` or a
 * bare date (midnight) is read as wall time in `zone` and gets that zone's offset at that moment
 * (daylight saving included, a repeated or skipped wall time read as zones.ts says).
 */
export function readInstant(text: string, zone: string): TimeReading {
  const s = text.trim();
  const offset = WITH_OFFSET.exec(s);
  if (offset) {
    const [, y, mo, d, h, mi, se, frac, zoneText] = offset;
    const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, se ?? 0].map(
      Number,
    ) as number[];
    if (!validDate(year!, month!, day!, hour!, minute!, second!))
      return { ok: false, reason: `"${text}" is not a real date and time` };
    const z =
      zoneText!.toUpperCase() === 'Z' ? 'Z' : `${zoneText!.slice(0, 3)}:${zoneText!.slice(-2)}`;
    return { ok: true, instant: format(year!, month!, day!, hour!, minute!, second!, frac, z) };
  }
  const naive = NAIVE.exec(s);
  if (!naive) return { ok: false, reason: `"${text}" is not an ISO 8601 date or time` };
  const [, y, mo, d, hh, mi, se, frac, ampm] = naive;
  let hour = Number(hh ?? 0);
  if (ampm) {
    if (hour < 1 || hour > 12)
      return { ok: false, reason: `"${text}" has a 12-hour time out of range` };
    hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  }
  const [year, month, day, minute, second] = [y, mo, d, mi ?? 0, se ?? 0].map(Number) as number[];
  if (!validDate(year!, month!, day!, hour, minute!, second!))
    return { ok: false, reason: `"${text}" is not a real date and time` };
  const off = wallClockOffset(zone, {
    year: year!,
    month: month!,
    day: day!,
    hour,
    minute: minute!,
    second: second!,
  });
  const sign = off < 0 ? '-' : '+';
  const z = `${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return { ok: true, instant: format(year!, month!, day!, hour, minute!, second!, frac, z) };
}
