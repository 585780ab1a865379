import { describe, expect, it } from 'vitest';
import { isKnownZone, wallClockOffset } from './zones.js';

const wall = (s: string) => {
  const [year, month, day, hour, minute] = s.split(/[-T:]/).map(Number) as number[];
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: 0 };
};

describe('a wall-clock time in an IANA zone', () => {
  it('knows IANA zones and refuses other names', () => {
    expect(isKnownZone('America/Chicago')).toBe(true);
    expect(isKnownZone('UTC')).toBe(true);
    expect(isKnownZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => wallClockOffset('Mars/Olympus_Mons', wall('2025-01-15T08:00'))).toThrow();
  });

  it('takes standard and daylight offsets by date', () => {
    expect(wallClockOffset('America/Chicago', wall('2025-01-15T08:00'))).toBe(-360);
    expect(wallClockOffset('America/Chicago', wall('2025-07-15T08:00'))).toBe(-300);
    expect(wallClockOffset('Asia/Kolkata', wall('2025-07-15T08:00'))).toBe(330);
  });

  it('reads a time repeated by a fall-back as its first occurrence, west and east of UTC', () => {
    expect(wallClockOffset('America/Chicago', wall('2025-11-02T01:30'))).toBe(-300);
    expect(wallClockOffset('Europe/Berlin', wall('2025-10-26T02:30'))).toBe(120);
  });

  it('gives a time skipped by a spring-forward the offset after the change', () => {
    expect(wallClockOffset('America/New_York', wall('2025-03-09T02:30'))).toBe(-240);
    expect(wallClockOffset('Europe/Berlin', wall('2025-03-30T02:30'))).toBe(120);
  });
});
