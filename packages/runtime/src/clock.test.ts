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
