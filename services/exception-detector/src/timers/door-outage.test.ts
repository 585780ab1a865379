import { describe, expect, it } from 'vitest';
import { afterRead, outageCutoff, type ReadHistory } from './door-outage.js';

const t = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('door outage (pure)', () => {
  it('given reads that fail after a good one, then the outage began at the last good read, and ends with the next good one', () => {
    let h: ReadHistory = {};
    h = afterRead(h, true, t('2025-03-10T21:00:00Z'), 1_000);
    h = afterRead(h, false, t('2025-03-10T22:00:00Z'), 2_000);
    h = afterRead(h, false, t('2025-03-11T09:00:00Z'), 12_000);
    const began = { since: t('2025-03-10T21:00:00Z'), failedAt: t('2025-03-10T22:00:00Z') };
    expect(h.outage).toEqual(began);
    h = afterRead(h, true, t('2025-03-12T10:00:00Z'), 32_000);
    expect(h.outage).toEqual({ ...began, endedWall: 32_000 });
    // A later outage replaces it.
    h = afterRead(h, false, t('2025-03-12T10:00:00Z'), 40_000);
    expect(h.outage).toEqual({
      since: t('2025-03-12T10:00:00Z'),
      failedAt: t('2025-03-12T10:00:00Z'),
    });
  });

  it('given a door-fed feed whose latest send is from before the outage, then its silences are judged only up to the outage less its lag', () => {
    const outage = { since: t('2025-03-10T21:00:00Z'), endedWall: 32_000 };
    const feed = { lags: [HOUR, 2 * HOUR], lastSentAt: '2025-03-10T19:24:43Z' };
    // A silence since 19:24:43 is due 20:24:43: after 21:00 less 2 h, so it waits for the feed.
    expect(outageCutoff(feed, outage, 33_000, 60_000)).toBe(t('2025-03-10T19:00:00Z'));
  });

  it('given the feed has sent something sent after the outage began, then everything it sent before is in: no hold', () => {
    const outage = { since: t('2025-03-10T21:00:00Z'), endedWall: 32_000 };
    const feed = { lags: [HOUR], lastSentAt: '2025-03-10T21:30:00Z' };
    expect(outageCutoff(feed, outage, 33_000, 60_000)).toBe(Infinity);
  });

  it('given the last send in before the outage fell between the last good read and the first failed one, then it does not end the hold', () => {
    // The fault suite at 4320x: reads a second (72 sim min) apart, the last good one at 21:11,
    // ups's 21:42:43 send applied just before the database went, the first failed read at 22:23.
    let h: ReadHistory = {};
    h = afterRead(h, true, t('2025-03-10T21:11:00Z'), 1_000);
    h = afterRead(h, false, t('2025-03-10T22:23:00Z'), 2_000);
    h = afterRead(h, true, t('2025-03-12T10:00:00Z'), 38_000);
    const ups = { lags: [11 * 60_000], lastSentAt: '2025-03-10T21:42:43.474Z' };
    expect(outageCutoff(ups, h.outage, 40_000, 60_000)).toBe(t('2025-03-10T21:00:00Z'));
    // Its held sends arrive, the first sent after the first failed read: all of them are in.
    const back = { ...ups, lastSentAt: '2025-03-10T22:24:09Z' };
    expect(outageCutoff(back, h.outage, 60_000, 60_000)).toBe(Infinity);
  });

  it('given the hold time passed since the outage ended, then a feed that never sent again is judged', () => {
    const outage = { since: t('2025-03-10T21:00:00Z'), endedWall: 32_000 };
    const feed = { lags: [HOUR], lastSentAt: '2025-03-10T19:24:43Z' };
    expect(outageCutoff(feed, outage, 92_000, 60_000)).toBe(t('2025-03-10T20:00:00Z'));
    expect(outageCutoff(feed, outage, 92_001, 60_000)).toBe(Infinity);
  });

  it('given no outage, then no hold', () => {
    expect(outageCutoff({ lags: [HOUR] }, undefined, 0, 60_000)).toBe(Infinity);
  });
});
