import { EdiError } from './errors.js';
import type { Segment } from './segment.js';
import { isKnownZone, offsetAt, wallClockOffset } from '../zones.js';

/**
 * Fixed-offset X12 time codes (element 623), in minutes east of UTC, and the three- and
 * four-letter abbreviations senders put in the same element.
 */
const FIXED: Record<string, number> = {
  UT: 0,
  GM: 0,
  Z: 0,
  UTC: 0,
  GMT: 0,
  ES: -300,
  ED: -240,
  CS: -360,
  CD: -300,
  MS: -420,
  MD: -360,
  PS: -480,
  PD: -420,
  AS: -540,
  AD: -480,
  HS: -600,
  HD: -540,
  NS: -210,
  ND: -150,
  TS: -240,
  TD: -180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  HAST: -600,
  HADT: -540,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
};

/** 623 codes 01–12 are UTC+1…+12, 13–24 are UTC−12…−1 ("P" and "M" in ISO 8601 terms). */
function numericOffset(code: string): number | undefined {
  if (!/^\d{2}$/.test(code)) return undefined;
  const n = Number(code);
  if (n >= 1 && n <= 12) return n * 60;
  if (n >= 13 && n <= 24) return (n - 25) * 60;
  return undefined;
}

/**
 * Prevailing-time codes (standard or daylight time as the date has it), read through the zone
 * database like any configured zone: ET, CT, MT and PT under the US rule, the others under their
 * own (Newfoundland's and the Atlantic provinces' are not the US one; Hawaii keeps none).
 */
const PREVAILING: Record<string, string> = {
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  PT: 'America/Los_Angeles',
  AT: 'America/Anchorage',
  AK: 'America/Anchorage',
  AKT: 'America/Anchorage',
  HT: 'Pacific/Honolulu',
  NT: 'America/St_Johns',
  TT: 'America/Halifax',
};

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

export interface DateTimeElements {
  seg: Segment;
  dateIndex: number;
  timeIndex: number;
  /** Element holding the time code; undefined when the segment has none. */
  codeIndex?: number;
  /** Used when the segment carries no time code (partner configuration). */
  defaultCode?: string;
  /**
   * IANA zone that local time (LT) is read in: the partner's configured zone, else the zone of
   * the stop the status is about. Without one, LT is refused.
   */
  localZone?: string;
}

/**
 * X12 date (CCYYMMDD), time (HHMM or HHMMSS) and time code → ISO-8601 instant with its offset,
 * e.g. 20250305, 1830, ET → 2025-03-05T18:30:00-05:00. A time without a zone is refused, as the
 * contract refuses local times.
 */
export function toInstant(x: DateTimeElements): string {
  const { seg } = x;
  const at = (element: number) => ({ position: seg.position, segmentId: seg.id, element });
  const date = (seg.elements[x.dateIndex] ?? '').trim();
  const time = (seg.elements[x.timeIndex] ?? '').trim() || '0000';
  // CCYYMMDD, or YYMMDD as older versions and some ISA-minded senders write it.
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date.length === 6 ? `20${date}` : date);
  if (!m)
    throw new EdiError('invalid_element', `date must be CCYYMMDD, got "${date}"`, at(x.dateIndex));
  // HHMM, HHMMSS, HHMMSSD or HHMMSSDD: decimal seconds are below what the contract keeps.
  const t = /^(\d{2})(\d{2})(?:(\d{2})\d{0,2})?$/.exec(time);
  if (!t)
    throw new EdiError(
      'invalid_element',
      `time must be HHMM, HHMMSS or HHMMSSDD, got "${time}"`,
      at(x.timeIndex),
    );
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hh, mi, ss] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
  const probe = new Date(Date.UTC(y, mo - 1, d, hh, mi, ss));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || hh > 23 || mi > 59 || ss > 59) {
    throw new EdiError(
      'invalid_element',
      `"${date} ${time}" is not a valid date and time`,
      at(x.dateIndex),
    );
  }
  const given = x.codeIndex === undefined ? '' : (seg.elements[x.codeIndex] ?? '').trim();
  const code = (given || x.defaultCode || '').toUpperCase();
  let offset: number | undefined = FIXED[code] ?? numericOffset(code);
  const zone = PREVAILING[code] ?? (code === 'LT' ? x.localZone : undefined);
  if (offset === undefined && zone !== undefined && isKnownZone(zone)) {
    offset = wallClockOffset(zone, {
      year: y,
      month: mo,
      day: d,
      hour: hh,
      minute: mi,
      second: ss,
    });
  }
  if (offset === undefined) {
    const where = at(x.codeIndex ?? x.timeIndex);
    const reason =
      code === ''
        ? 'time code is required (a local time without zone is ambiguous)'
        : code === 'LT'
          ? `time code LT (local time) needs a zone: ${x.localZone ? `"${x.localZone}" is not a known zone` : "configure the partner's timeZone, or send the stop's state in MS1"}`
          : `unknown time code "${code}"`;
    throw new EdiError(code === '' ? 'missing_element' : 'unknown_code', reason, where);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(ss)}${offsetText(offset)}`;
}

/**
 * The inverse of toInstant: an instant as X12 date (CCYYMMDD) and time (HHMMSS) in a time code,
 * for writers. Prevailing codes take the offset their zone has at that instant.
 */
export function fromInstant(
  instant: string | number,
  code: string,
): { date: string; time: string } {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(instant)}`);
  const zone = PREVAILING[code];
  const offset =
    FIXED[code] ?? numericOffset(code) ?? (zone === undefined ? undefined : offsetAt(zone, ms));
  if (offset === undefined) throw new Error(`unknown time code "${code}"`);
  const at = new Date(ms + offset * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${p(at.getUTCFullYear(), 4)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}`,
    time: `${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`,
  };
}
