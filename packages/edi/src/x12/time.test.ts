import { describe, expect, it } from 'vitest';
import type { Segment } from './segment.js';
import { toInstant } from './time.js';

const seg = (...elements: string[]): Segment => ({
  id: 'AT7',
  position: 3,
  elements: ['AT7', ...elements],
});
const at = (date: string, time: string, code: string, defaultCode?: string) =>
  toInstant({
    seg: seg(date, time, code),
    dateIndex: 1,
    timeIndex: 2,
    codeIndex: 3,
    ...(defaultCode ? { defaultCode } : {}),
  });

describe('X12 date, time and time code → instant', () => {
  it('uses fixed offsets for standard and daylight codes and Z for UTC', () => {
    expect(at('20250115', '0930', 'ES')).toBe('2025-01-15T09:30:00-05:00');
    expect(at('20250715', '093015', 'PD')).toBe('2025-07-15T09:30:15-07:00');
    expect(at('20250715', '0930', 'UT')).toBe('2025-07-15T09:30:00Z');
  });

  it('switches prevailing time codes on the US daylight-saving dates', () => {
    expect(at('20250309', '0159', 'ET')).toBe('2025-03-09T01:59:00-05:00');
    expect(at('20250309', '0300', 'ET')).toBe('2025-03-09T03:00:00-04:00');
    expect(at('20251102', '0030', 'CT')).toBe('2025-11-02T00:30:00-05:00');
    expect(at('20251102', '0300', 'CT')).toBe('2025-11-02T03:00:00-06:00');
  });

  it('takes the partner default when the segment has no code, and refuses a missing or unknown one', () => {
    expect(at('20250115', '0930', '', 'CT')).toBe('2025-01-15T09:30:00-06:00');
    expect(() => at('20250115', '0930', '')).toThrow('element AT7-03: time code is required');
    expect(() => at('20250115', '0930', 'XX')).toThrow('unknown time code "XX"');
    expect(() => at('2025011', '0930', 'UT')).toThrow('element AT7-01: date must be CCYYMMDD');
  });
});
