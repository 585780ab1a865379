import { describe, expect, it } from 'vitest';
import { readInstant } from './zoned-time.js';

describe('reading a provider time as an instant', () => {
  it('keeps a time that states its offset, normalising the offset to ±HH:MM', () => {
    expect(readInstant('2025-03-07T14:38:00-05:00', 'Asia/Tokyo')).toEqual({
      ok: true,
      instant: '2025-03-07T14:38:00-05:00',
    });
    expect(readInstant('2025-03-07T14:38:00.123Z', 'UTC')).toEqual({
      ok: true,
      instant: '2025-03-07T14:38:00.123Z',
    });
    expect(readInstant('2025-03-07T14:38:00+0530', 'UTC')).toEqual({
      ok: true,
      instant: '2025-03-07T14:38:00+05:30',
    });
  });

  it('reads a time without an offset in the configured zone, daylight saving included', () => {
    expect(readInstant('2025-01-15T08:00:00', 'America/Chicago')).toEqual({
      ok: true,
      instant: '2025-01-15T08:00:00-06:00',
    });
    expect(readInstant('2025-07-15T08:00:00', 'America/Chicago')).toEqual({
      ok: true,
      instant: '2025-07-15T08:00:00-05:00',
    });
    expect(readInstant('2025-07-15 08:00', 'Europe/Berlin')).toEqual({
      ok: true,
      instant: '2025-07-15T08:00:00+02:00',
    });
    expect(readInstant('2025-07-15T08:00:00', 'UTC')).toEqual({
      ok: true,
      instant: '2025-07-15T08:00:00+00:00',
    });
  });

  it('reads a 12-hour clock and a bare date (midnight)', () => {
    expect(readInstant('2025-12-01T08:10 PM', 'UTC')).toEqual({
      ok: true,
      instant: '2025-12-01T20:10:00+00:00',
    });
    expect(readInstant('2025-12-01T12:05 AM', 'UTC')).toEqual({
      ok: true,
      instant: '2025-12-01T00:05:00+00:00',
    });
    expect(readInstant('2025-03-10', 'America/New_York')).toEqual({
      ok: true,
      instant: '2025-03-10T00:00:00-04:00',
    });
  });

  it('gives a wall time skipped by spring-forward the offset after the change, and an instant that exists', () => {
    const r = readInstant('2025-03-09T02:30:00', 'America/New_York');
    expect(r.ok).toBe(true);
    if (r.ok) expect(Number.isNaN(Date.parse(r.instant))).toBe(false);
  });

  it('refuses what is not a time, with the reason', () => {
    for (const bad of [
      'yesterday afternoon',
      '2025-02-30T10:00:00',
      '2025-01-01T25:00:00Z',
      '2025-01-01T13:00 PM',
      '',
    ]) {
      const r = readInstant(bad, 'UTC');
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.reason).toContain(bad);
    }
  });
});
