import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../domain/kpis/kpis.js';
import { caseKpisPerDay } from './kpis-per-day.js';

const facts = (openedAt: string, p: Partial<CaseFacts> = {}): CaseFacts => ({
  caseType: 'carrier_delay',
  origin: 'proactive',
  status: 'open',
  openedAt,
  breached: false,
  ...p,
});

describe('caseKpisPerDay', () => {
  it("gives each day its cases' SLA attainment, resolution within 24/48 h and first-contact resolution, null where none qualifies", () => {
    const until = new Date('2025-03-06T12:00:00Z');
    const cases = [
      facts('2025-03-04T08:00:00Z', {
        status: 'resolved',
        resolvedAt: '2025-03-04T20:00:00Z',
        contacts: 1,
      }),
      facts('2025-03-04T09:00:00Z', {
        breached: true,
        status: 'resolved',
        resolvedAt: '2025-03-05T20:00:00Z',
        contacts: 1,
        escalated: true,
      }),
      // Opened less than 24 h before `until`: in SLA attainment, not yet judged for 24 h.
      facts('2025-03-06T01:00:00Z'),
    ];
    const none = { resolvedWithin24h: null, resolvedWithin48h: null, firstContactResolution: null };
    expect(caseKpisPerDay(cases, ['2025-03-04', '2025-03-05', '2025-03-06'], until)).toEqual([
      {
        day: '2025-03-04',
        slaAttainment: 0.5,
        resolvedWithin24h: 0.5,
        resolvedWithin48h: 1,
        firstContactResolution: 0.5,
      },
      { day: '2025-03-05', slaAttainment: null, ...none },
      { day: '2025-03-06', slaAttainment: 1, ...none },
    ]);
  });
});
