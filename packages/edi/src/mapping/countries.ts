import { invalid, type Segment } from '../x12/segment.js';

/** X12 allows 3-letter country codes; the contract wants ISO 3166-1 alpha-2. */
const ALPHA3: Record<string, string> = {
  USA: 'US',
  CAN: 'CA',
  MEX: 'MX',
  GBR: 'GB',
  DEU: 'DE',
  FRA: 'FR',
  CHN: 'CN',
  JPN: 'JP',
  KOR: 'KR',
  IND: 'IN',
  BRA: 'BR',
  NLD: 'NL',
  BEL: 'BE',
  ITA: 'IT',
  ESP: 'ES',
  PRI: 'PR',
  AUS: 'AU',
  TWN: 'TW',
  VNM: 'VN',
};

export function countryOf(seg: Segment, index: number): string | undefined {
  const raw = (seg.elements[index] ?? '').trim().toUpperCase();
  if (raw === '') return undefined;
  if (/^[A-Z]{2}$/.test(raw)) return raw;
  const two = ALPHA3[raw];
  if (!two)
    throw invalid(seg, index, `country code "${raw}" is not ISO 3166 alpha-2 (or a known alpha-3)`);
  return two;
}
