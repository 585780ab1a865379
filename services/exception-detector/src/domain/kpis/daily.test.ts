import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './kpis.js';
import { casesPerDay, windowStart } from './daily.js';

const fact = (openedAt: string, more: Partial<CaseFacts> = {}): CaseFacts => ({
  caseType: 'carrier_delay',
  origin: 'proactive',
  status: 'open',
  openedAt,
  breached: false,
  ...more,
});

describe('casesPerDay', () => {
  const until = new Date('2025-03-07T09:30:00Z');

  it('lists every day of the window, oldest first, zeros included', () => {
    expect(casesPerDay([], until, 3).map((d) => d.day)).toEqual([
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
    ]);
    expect(casesPerDay([], until, 3).every((d) => d.opened + d.resolved + d.breached === 0)).toBe(
      true,
    );
  });

  it('counts an opening on its day and a resolution on the day it happened', () => {
    const series = casesPerDay(
      [
        fact('2025-03-05T23:59:00Z', { status: 'resolved', resolvedAt: '2025-03-07T01:00:00Z' }),
        fact('2025-03-06T00:00:00Z', { breached: true }),
        fact('2025-03-06T12:00:00Z'),
        // Opened before the window, resolved inside it.
        fact('2025-03-01T12:00:00Z', { status: 'resolved', resolvedAt: '2025-03-05T08:00:00Z' }),
      ],
      until,
      3,
    );
    expect(series).toEqual([
      { day: '2025-03-05', opened: 1, resolved: 1, breached: 0 },
      { day: '2025-03-06', opened: 2, resolved: 0, breached: 1 },
      { day: '2025-03-07', opened: 0, resolved: 1, breached: 0 },
    ]);
  });

  it('starts a rolling window at midnight UTC of its first day', () => {
    expect(windowStart(until, 7).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(windowStart(until, 1).toISOString()).toBe('2025-03-07T00:00:00.000Z');
  });
});
