import { EdiError } from './errors.js';

/** One X12 segment; `elements[0]` is the segment id, so `elements[1]` is element 01. */
export interface Segment {
  readonly id: string;
  /** 1-based position of the segment in the interchange (ISA is 1). */
  readonly position: number;
  readonly elements: readonly string[];
  /** Set when the first element is not a valid segment id (reported as AK3/IK3 code 1). */
  readonly badId?: true;
}

/** Element `index` (1-based), trimmed; '' when absent. */
export function el(seg: Segment, index: number): string {
  return (seg.elements[index] ?? '').trim();
}

/** Element `index`, or an EdiError naming the segment and element. */
export function required(seg: Segment, index: number, what: string): string {
  const value = el(seg, index);
  if (value === '') {
    throw new EdiError('missing_element', `${what} is required`, {
      position: seg.position,
      segmentId: seg.id,
      element: index,
    });
  }
  return value;
}

export function invalid(seg: Segment, index: number, reason: string): EdiError {
  return new EdiError('invalid_element', reason, {
    position: seg.position,
    segmentId: seg.id,
    element: index,
  });
}

/** An integer element (X12 N0), or an EdiError. */
export function intElement(seg: Segment, index: number, what: string): number {
  const raw = required(seg, index, what);
  if (!/^-?\d+$/.test(raw)) throw invalid(seg, index, `${what} must be an integer, got "${raw}"`);
  return Number(raw);
}

/** A decimal element (X12 R), or an EdiError. */
export function decimalElement(seg: Segment, index: number, what: string): number {
  const raw = required(seg, index, what);
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) {
    throw invalid(seg, index, `${what} must be a number, got "${raw}"`);
  }
  return Number(raw);
}
