import { describe, expect, it } from 'vitest';
import { proactivityByDay } from './proactivity.js';

const at = (iso: string | null) => (iso ? new Date(iso) : null);
const rec = (opened: string, told: string | null, contacted: string | null = null) => ({
  openedAt: new Date(opened),
  firstToldAt: at(told),
  customerContactedAt: at(contacted),
});

describe('proactivityByDay', () => {
  it('counts the exceptions opened on each UTC day, the share told before the customer asked, and how soon they were told', () => {
    expect(
      proactivityByDay([
        rec('2025-03-11T23:30:00Z', '2025-03-12T01:00:00Z'),
        rec('2025-03-10T08:00:00Z', '2025-03-10T09:00:00Z', '2025-03-10T10:00:00Z'),
        rec('2025-03-10T12:00:00Z', '2025-03-10T15:00:00Z', '2025-03-10T14:00:00Z'),
        rec('2025-03-10T16:00:00Z', null),
      ]),
    ).toEqual([
      // Told after 1 h and 3 h (the third never): the median of the two.
      {
        day: '2025-03-10',
        exceptions: 3,
        proactive: 1,
        proactiveRatio: 1 / 3,
        medianTimeToTellMs: 2 * 3_600_000,
      },
      {
        day: '2025-03-11',
        exceptions: 1,
        proactive: 1,
        proactiveRatio: 1,
        medianTimeToTellMs: 1.5 * 3_600_000,
      },
    ]);
    expect(proactivityByDay([])).toEqual([]);
  });
});
