import { alpha2Of } from '../countries.js';
import { invalid, type Segment } from '../x12/segment.js';

/** A segment's country element as ISO 3166-1 alpha-2 (X12 allows alpha-3 too). */
export function countryOf(seg: Segment, index: number): string | undefined {
  const raw = (seg.elements[index] ?? '').trim().toUpperCase();
  if (raw === '') return undefined;
  const two = alpha2Of(raw);
  if (!two) throw invalid(seg, index, `country code "${raw}" is not ISO 3166 alpha-2 or alpha-3`);
  return two;
}
