import type { EdiError } from '../x12/errors.js';
import { el, invalid, type Segment } from '../x12/segment.js';
import { countryOf } from './countries.js';

/** DDDMMSS[.SS] (MS1-04/05) or decimal degrees (MS1-09/10) → decimal degrees, if well formed. */
function degrees(raw: string, decimal: boolean): number | undefined {
  if (raw === '') return undefined;
  if (decimal) return /^-?\d{1,3}(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
  const m = /^(\d{2,3})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(raw);
  if (!m) return undefined;
  const [d, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mi < 60 && s < 60 ? d + mi / 60 + s / 3600 : undefined;
}

function coordinates(ms1: Segment): string | undefined {
  const decimal = el(ms1, 9) !== '';
  const lon = degrees(el(ms1, decimal ? 9 : 4), decimal);
  const lat = degrees(el(ms1, decimal ? 10 : 5), decimal);
  if (lon === undefined || lat === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return undefined;
  const ew = el(ms1, 6) || (lon < 0 ? 'W' : 'E');
  const ns = el(ms1, 7) || (lat < 0 ? 'S' : 'N');
  return `${Math.abs(lat).toFixed(4)}${ns} ${Math.abs(lon).toFixed(4)}${ew}`;
}

/**
 * MS1 as a scan location: city, state and country, or latitude/longitude (which the contract
 * has no field for: they come back as text for the description). A country code that is not
 * ISO is a note, not a refusal: the status is still worth having.
 */
export function locationOf(
  ms1: Segment | undefined,
  notes: EdiError[],
): { location?: Record<string, string>; coordinates?: string } {
  if (!ms1) return {};
  let country: string | undefined;
  try {
    country = countryOf(ms1, 3);
  } catch (err) {
    notes.push((err as EdiError).asNote());
  }
  const loc = Object.fromEntries(
    Object.entries({
      city: el(ms1, 1) || undefined,
      region: el(ms1, 2) || undefined,
      postalCode: el(ms1, 8) || undefined,
      country,
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const where = el(ms1, 4) || el(ms1, 9) ? coordinates(ms1) : undefined;
  if ((el(ms1, 4) || el(ms1, 9)) && !where) {
    notes.push(
      invalid(
        ms1,
        el(ms1, 9) ? 9 : 4,
        'latitude/longitude is not DDDMMSS or decimal degrees',
      ).asNote(),
    );
  }
  return {
    ...(Object.keys(loc).length > 0 ? { location: loc } : {}),
    ...(where ? { coordinates: where } : {}),
  };
}
