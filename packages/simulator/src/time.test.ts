import { describe, expect, it } from 'vitest';
import { addBusinessDays, endOfLocalDate, localDate, zonedTime } from './time.js';

describe('time helpers', () => {
  it('finds local dates and wall times across a DST switch', () => {
    // New York moved to EDT (UTC-4) on 9 March 2025.
    expect(iso(zonedTime('2025-03-07', 9, 'America/New_York'))).toBe('2025-03-07T14:00:00.000Z');
    expect(iso(zonedTime('2025-03-10', 9, 'America/New_York'))).toBe('2025-03-10T13:00:00.000Z');
    expect(iso(endOfLocalDate('2025-03-10', 'Europe/Paris'))).toBe('2025-03-10T23:00:00.000Z');
    expect(localDate(Date.parse('2025-03-11T02:00:00Z'), 'America/New_York')).toBe('2025-03-10');
  });

  it('skips weekends when adding business days', () => {
    expect(addBusinessDays('2025-03-14', 1)).toBe('2025-03-17');
    expect(addBusinessDays('2025-03-10', 3)).toBe('2025-03-13');
  });
});

function iso(ms: number) {
  return new Date(ms).toISOString();
}
