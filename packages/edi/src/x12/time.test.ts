import { describe, expect, it } from 'vitest';
import type { Segment } from './segment.js';
import { fromInstant, toInstant } from './time.js';

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

  it('reads prevailing codes through the zone database, so older dates take the rule of their year', () => {
    // Before 2007 US daylight time began on the first Sunday of April.
    expect(at('20060320', '1200', 'ET')).toBe('2006-03-20T12:00:00-05:00');
    expect(at('20060403', '1200', 'ET')).toBe('2006-04-03T12:00:00-04:00');
    expect(at('20250715', '1200', 'HT')).toBe('2025-07-15T12:00:00-10:00');
    expect(at('20250715', '1200', 'NT')).toBe('2025-07-15T12:00:00-02:30');
  });

  it('takes the partner default when the segment has no code, and refuses a missing or unknown one', () => {
    expect(at('20250115', '0930', '', 'CT')).toBe('2025-01-15T09:30:00-06:00');
    expect(() => at('20250115', '0930', '')).toThrow('element AT7-03: time code is required');
    expect(() => at('20250115', '0930', 'XX')).toThrow('unknown time code "XX"');
    expect(() => at('2025011', '0930', 'UT')).toThrow('element AT7-01: date must be CCYYMMDD');
  });
});

describe('fromInstant (the writer’s side of toInstant)', () => {
  const back = (date: string, time: string, code: string) =>
    new Date(
      toInstant({
        seg: { id: 'AT7', position: 1, elements: ['AT7', date, time, code] },
        dateIndex: 1,
        timeIndex: 2,
        codeIndex: 3,
      }),
    ).toISOString();
  it.each([
    ['2025-03-10T04:00:00.000Z', 'UT', '20250310', '040000'],
    ['2025-03-10T04:00:00.000Z', 'ET', '20250310', '000000'],
    ['2025-01-10T04:00:00.000Z', 'ET', '20250109', '230000'],
    ['2025-07-01T12:30:15.000Z', 'CT', '20250701', '073015'],
    ['2025-07-01T12:30:15.000Z', 'CS', '20250701', '063015'],
    ['2025-07-01T12:30:15.000Z', 'AT', '20250701', '043015'],
    ['2006-03-20T17:00:00.000Z', 'ET', '20060320', '120000'],
  ])('%s in %s is %s %s and reads back', (iso, code, date, time) => {
    expect(fromInstant(iso, code)).toEqual({ date, time });
    expect(back(date, time, code)).toBe(iso);
  });
  it('refuses a code it cannot place', () => {
    expect(() => fromInstant('2025-03-10T04:00:00Z', 'LT')).toThrow(/unknown time code/);
  });
});
