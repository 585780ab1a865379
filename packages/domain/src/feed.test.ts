import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEED_WATCH as w,
  feedOutages,
  feedStalledAt,
  feedStep,
  outageOfStall,
  isFeedActive,
  isFeedStalled,
} from './feed.js';

const at = (iso: string) => new Date(iso);

describe('feed stalled: one definition for ingestion and the detector', () => {
  it('given a silence inside business hours, then the stall is due an hour after the last event', () => {
    // Mon 10 Mar 2025 10:00 EDT = 14:00Z.
    expect(feedStalledAt(w, at('2025-03-10T14:00:00Z'))?.toISOString()).toBe(
      '2025-03-10T15:00:00.000Z',
    );
  });

  it('given the last event at 16:30 on a Friday, then the stall is due Monday 09:00, not over the weekend', () => {
    expect(feedStalledAt(w, at('2025-03-07T21:30:00Z'))?.toISOString()).toBe(
      '2025-03-10T13:00:00.000Z', // Mon 09:00 EDT
    );
    expect(isFeedStalled(w, at('2025-03-07T21:30:00Z'), at('2025-03-09T12:00:00Z'))).toBe(false);
    expect(isFeedStalled(w, at('2025-03-07T21:30:00Z'), at('2025-03-10T13:00:00Z'))).toBe(true);
  });

  it('given a night window spanning midnight, then the early morning counts as active', () => {
    const night = { ...w, activeHours: '22:00-06:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(isFeedActive(night, at('2025-03-10T07:00:00Z'))).toBe(true); // 03:00 EDT
    expect(isFeedActive(night, at('2025-03-10T14:00:00Z'))).toBe(false);
    // Silent since 05:30 EDT: long enough at 06:30, outside; next active 22:00 EDT.
    expect(feedStalledAt(night, at('2025-03-10T09:30:00Z'))?.toISOString()).toBe(
      '2025-03-11T02:00:00.000Z',
    );
  });

  it('given a feed never heard from, then it is stalled as soon as it is expected to be active', () => {
    expect(isFeedStalled(w, null, at('2025-03-10T14:00:00Z'))).toBe(true);
    expect(isFeedStalled(w, null, at('2025-03-09T14:00:00Z'))).toBe(false); // Sunday
  });

  it('given an always-active feed, then the stall is due exactly silentMinutes later', () => {
    const always = { ...w, activeHours: '00:00-24:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(feedStalledAt(always, at('2025-03-09T03:10:00Z'))?.toISOString()).toBe(
      '2025-03-09T04:10:00.000Z',
    );
  });
});

describe('feed stalled: the stretches remembered per watch answer as the calendar does', () => {
  const watches = [
    w,
    { ...w, activeHours: '22:00-06:00', days: [1, 2, 3, 4, 5, 6, 7] },
    { ...w, activeHours: '08:00-18:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5, 6] },
  ];
  const start = Date.parse('2025-03-01T00:00:00Z'); // US and EU clocks change within the month
  it('any sequence of silences, judged on one watch object, gets what a fresh copy computes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...watches),
        fc.array(fc.integer({ min: 0, max: 45 * 24 * 60 }), { minLength: 1, maxLength: 60 }),
        (watch, minutes) => {
          const shared = { ...watch };
          for (const m of minutes) {
            const lastAt = new Date(start + m * 60_000);
            expect(feedStalledAt(shared, lastAt)).toEqual(feedStalledAt({ ...watch }, lastAt));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('feed outages: a feed that stalls and resumes is one outage until it has settled', () => {
  // Always active, 60 minutes' silence, 120 minutes to settle: send times alone decide.
  const always = {
    ...w,
    activeHours: '00:00-24:00',
    days: [1, 2, 3, 4, 5, 6, 7],
    silentMinutes: 60,
    settleMinutes: 120,
  };
  const t0 = Date.parse('2025-03-10T00:00:00Z');
  const minutes = (...ms: number[]) => ms.map((m) => new Date(t0 + m * 60_000));

  it('given a feed that trickles back and stalls again before it has sent for the settle period, then it is one outage with both stalls', () => {
    // Silent 0→100 (stall at 60), sends at 100 and 130, silent 130→200 (stall at 190), then
    // steadily from 200: settled at 320 (120 minutes after it resumed at 200).
    const out = feedOutages(always, minutes(0, 100, 130, 200, 250, 300, 320, 330));
    expect(out).toEqual([{ stalls: minutes(60, 190), recoveredAt: minutes(320)[0] }]);
  });

  it('given a feed that settled, when it stalls again, then that is a second outage', () => {
    const out = feedOutages(always, minutes(0, 100, 150, 200, 230, 400, 450, 500, 520));
    expect(out).toEqual([
      { stalls: minutes(60), recoveredAt: minutes(230)[0] },
      { stalls: minutes(290), recoveredAt: minutes(520)[0] },
    ]);
  });

  it('given no settle period, then the first send after a stall ends it (each stall its own outage)', () => {
    const out = feedOutages({ ...always, settleMinutes: 0 }, minutes(0, 100, 130, 200));
    expect(out).toEqual([
      { stalls: minutes(60), recoveredAt: minutes(100)[0] },
      { stalls: minutes(190), recoveredAt: minutes(200)[0] },
    ]);
  });

  it('given a send not after the latest, then it moves nothing', () => {
    const run = { lastAt: minutes(100)[0]!, resumedAt: minutes(100)[0]! };
    expect(feedStep(always, run, minutes(90)[0]!)).toEqual({ run, recovered: false });
  });

  // Send times as minutes after t0, gaps up to 5 hours: stalls are common.
  const sendTimes = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 40 });
  const timesOf = (gaps: number[]) => {
    let t = 0;
    return minutes(...gaps.map((g) => (t += g)));
  };
  const stallCount = (sends: Date[]) =>
    sends.slice(1).filter((s, i) => +feedStalledAt(always, sends[i]!)! < +s).length;

  it('property: every stall belongs to exactly one outage, in order, and outages never overlap', () => {
    fc.assert(
      fc.property(sendTimes, (gaps) => {
        const sends = timesOf(gaps);
        const out = feedOutages(always, sends);
        expect(out.flatMap((o) => o.stalls).length).toBe(stallCount(sends));
        // Only the last outage may still be open; each ends after its stalls, before the next.
        out.slice(0, -1).forEach((o) => expect(o.recoveredAt).toBeDefined());
        out.forEach((o, i) => {
          const end = o.recoveredAt ? +o.recoveredAt : Infinity;
          expect(+o.stalls.at(-1)!).toBeLessThan(end);
          if (out[i + 1]) expect(end).toBeLessThan(+out[i + 1]!.stalls[0]!);
        });
      }),
    );
  });

  it('property: a longer settle period never makes more outages, and no settle period makes one per stall', () => {
    fc.assert(
      fc.property(sendTimes, fc.integer({ min: 0, max: 600 }), (gaps, settle) => {
        const sends = timesOf(gaps);
        const n = (m: number) => feedOutages({ ...always, settleMinutes: m }, sends).length;
        expect(n(settle + 60)).toBeLessThanOrEqual(n(settle));
        expect(n(0)).toBe(stallCount(sends));
      }),
    );
  });

  it('property: an outage ends only on a send the settle period after the feed last resumed, with no stall between', () => {
    fc.assert(
      fc.property(sendTimes, (gaps) => {
        const sends = timesOf(gaps);
        for (const o of feedOutages(always, sends)) {
          if (!o.recoveredAt) continue;
          const resumed = sends.find((s) => +s > +o.stalls.at(-1)!)!;
          expect(+o.recoveredAt - +resumed).toBeGreaterThanOrEqual(120 * 60_000);
          const between = sends.filter((s) => +s >= +resumed && +s <= +o.recoveredAt!);
          expect(stallCount(between)).toBe(0);
        }
      }),
    );
  });
});

describe('outageOfStall: the outage of a stall from the stalls alone', () => {
  const always = {
    ...w,
    activeHours: '00:00-24:00',
    days: [1, 2, 3, 4, 5, 6, 7],
    silentMinutes: 60,
    settleMinutes: 120,
  };
  const t0 = Date.parse('2025-03-10T00:00:00Z');
  const m = (n: number) => new Date(t0 + n * 60_000);

  it('property: it agrees with feedOutages over the same sends, whatever order they arrived in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        (gaps) => {
          let t = 0;
          const sends = gaps.map((g) => m((t += g)));
          const stalls: { since: Date; endedAt?: Date; due: Date }[] = [];
          for (let i = 1; i < sends.length; i++) {
            const due = feedStalledAt(always, sends[i - 1]!)!;
            if (+due < +sends[i]!) stalls.push({ since: sends[i - 1]!, endedAt: sends[i]!, due });
          }
          const outages = feedOutages(always, sends);
          const last = sends.at(-1)!;
          let k = 0;
          outages.forEach((o) => {
            for (const due of o.stalls) {
              const s = stalls[k++]!;
              expect(+s.due).toBe(+due);
              const got = outageOfStall(always, stalls, s.since, last)!;
              expect(+stalls[got.first]!.due).toBe(+o.stalls[0]!);
              expect(got.settled).toBe(o.recoveredAt !== undefined);
            }
          });
          expect(k).toBe(stalls.length);
        },
      ),
    );
  });

  it('given a stall it does not know, then it says so', () => {
    expect(outageOfStall(always, [], m(0), m(10))).toBeNull();
  });
});
