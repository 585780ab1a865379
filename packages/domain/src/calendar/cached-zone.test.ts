import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CachedZone, zoneOf } from './cached-zone.js';

const MINUTE_MS = 60_000;

describe('CachedZone', () => {
  // New York and London (whole-hour DST), Lord Howe (a 30-minute shift), Kathmandu (+05:45),
  // Sao Paulo (no DST since 2019).
  it.each([
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'America/Sao_Paulo',
  ])('%s: the same offset as the zone at every instant, transitions included', (name) => {
    const plain = IANAZone.create(name) as IANAZone<true>;
    const cached = new CachedZone(plain);
    const from = Date.parse('2024-01-01T00:00:00Z');
    const to = Date.parse('2026-01-01T00:00:00Z');
    // 13 minutes apart: every hour is probed at varying minutes, the memo answering most.
    for (let ts = from; ts < to; ts += 13 * MINUTE_MS) {
      if (cached.offset(ts) !== plain.offset(ts))
        expect([ts, cached.offset(ts)]).toEqual([ts, plain.offset(ts)]);
    }
    // Around each transition, minute by minute.
    for (let ts = from; ts < to; ts += 60 * MINUTE_MS) {
      if (plain.offset(ts) === plain.offset(ts + 60 * MINUTE_MS)) continue;
      for (let t = ts; t <= ts + 60 * MINUTE_MS; t += MINUTE_MS)
        expect(cached.offset(t)).toBe(plain.offset(t));
    }
  });

  it('is the zone luxon makes of the name, cached only for IANA names', () => {
    expect(zoneOf('America/Chicago')).toBeInstanceOf(CachedZone);
    expect(zoneOf('America/Chicago')).toBe(zoneOf('America/Chicago'));
    expect(zoneOf('America/Chicago').equals(IANAZone.create('America/Chicago'))).toBe(true);
    expect(zoneOf('UTC')).not.toBeInstanceOf(CachedZone);
    expect(zoneOf('UTC').offset(0)).toBe(0);
    expect(zoneOf('Mars/Olympus').isValid).toBe(false);
  });
});
