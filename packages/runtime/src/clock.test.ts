import { describe, expect, it } from 'vitest';
import { clockEnv, createClock } from './clock.js';

describe('createClock', () => {
  it('is wall time when nothing is configured', () => {
    const now = createClock(clockEnv.parse({}), () => 1_000);
    expect(now().getTime()).toBe(1_000);
  });

  it('maps wall time onto simulated time from shared anchors at the given speed', () => {
    let wall = 10_000;
    const now = createClock(
      clockEnv.parse({
        CLOCK_SIM_ANCHOR: '2026-03-02T08:00:00Z',
        CLOCK_WALL_ANCHOR_MS: '10000',
        CLOCK_SPEED: '720',
      }),
      () => wall,
    );
    expect(now().toISOString()).toBe('2026-03-02T08:00:00.000Z');
    wall += 5_000; // five wall seconds at 720× are an hour
    expect(now().toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });
});

describe('createClock at the end of a simulated day', () => {
  const env = clockEnv.parse({
    CLOCK_SIM_ANCHOR: '2026-03-02T08:00:00Z',
    CLOCK_WALL_ANCHOR_MS: '10000',
    CLOCK_SPEED: '720',
    CLOCK_SIM_END: '2026-03-03T08:00:00Z',
  });

  it('runs at speed until the end, then stands still however long the stack runs on', () => {
    let wall = 10_000;
    const now = createClock(env, () => wall);
    wall += 60_000; // half the day
    expect(now().toISOString()).toBe('2026-03-02T20:00:00.000Z');
    wall += 60_000; // the day's last instant
    expect(now().toISOString()).toBe('2026-03-03T08:00:00.000Z');
    wall += 600_000; // ten wall minutes later: at 720× that would be five more days
    expect(now().toISOString()).toBe('2026-03-03T08:00:00.000Z');
  });

  it('without an end, the same clock runs on past it', () => {
    let wall = 130_000;
    const now = createClock({ ...env, CLOCK_SIM_END: undefined }, () => wall);
    wall += 600_000;
    expect(now().toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });
});
