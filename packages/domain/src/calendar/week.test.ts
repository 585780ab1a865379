import { describe, expect, it } from 'vitest';
import { isoWeekMonday } from './week.js';

describe('isoWeekMonday', () => {
  it('gives the Monday of the ISO week in UTC, Sunday belonging to the week before', () => {
    expect(isoWeekMonday('2025-03-10T00:00:00Z')).toBe('2025-03-10'); // a Monday
    expect(isoWeekMonday('2025-03-16T23:59:59Z')).toBe('2025-03-10'); // the Sunday after
    expect(isoWeekMonday('2025-03-17T00:00:00Z')).toBe('2025-03-17');
    expect(isoWeekMonday('2025-01-01T12:00:00Z')).toBe('2024-12-30'); // across a year
    expect(isoWeekMonday('2025-03-10T01:00:00+05:00')).toBe('2025-03-03'); // UTC, not local
  });
});
