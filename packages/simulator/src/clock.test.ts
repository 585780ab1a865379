import { describe, expect, it } from 'vitest';
import { clockEnv, clockFromEnv, createSimClock } from './clock.js';

describe('createSimClock', () => {
  it('runs sim time speed times faster than wall time from the anchor', () => {
    let wall = 1_000_000;
    const clock = createSimClock({
      start: '2025-03-10T04:00:00Z',
      speed: 720,
      anchor: 1_000_000,
      wallNow: () => wall,
    });
    expect(clock.now().toISOString()).toBe('2025-03-10T04:00:00.000Z');
    wall += 120_000; // two wall minutes = one sim day
    expect(clock.now().toISOString()).toBe('2025-03-11T04:00:00.000Z');
    expect(clock.toWall(Date.parse('2025-03-10T16:00:00Z'))).toBe(1_060_000);
  });

  it('round-trips through the environment so a service reads the same time', () => {
    let wall = Date.parse('2030-01-01T00:00:00Z');
    const sim = createSimClock({ start: '2025-03-10T04:00:00Z', speed: 60, wallNow: () => wall });
    const service = clockFromEnv(clockEnv(sim), () => wall);
    wall += 90_000;
    expect(service?.nowMs()).toBe(sim.nowMs());
    expect(clockFromEnv({})).toBeUndefined();
  });

  it('speaks the variables @forewarn/runtime reads, and accepts the FOREWARN_ aliases', () => {
    const clock = createSimClock({
      start: '2025-03-10T04:00:00Z',
      speed: 720,
      anchor: 1_700_000_000_000,
    });
    expect(clockEnv(clock)).toEqual({
      CLOCK_SIM_ANCHOR: '2025-03-10T04:00:00.000Z',
      CLOCK_SPEED: '720',
      CLOCK_WALL_ANCHOR_MS: '1700000000000',
    });
    const aliased = clockFromEnv({
      FOREWARN_CLOCK_START: '2025-03-10T04:00:00Z',
      FOREWARN_CLOCK_SPEED: '720',
      FOREWARN_CLOCK_ANCHOR: '2023-11-14T22:13:20Z',
    });
    expect(aliased?.toWall(Date.parse('2025-03-11T04:00:00Z'))).toBe(1_700_000_120_000);
  });

  it('stops at the end of the day, and hands the end to the services with the rest', () => {
    let wall = 1_000_000;
    const clock = createSimClock({
      start: '2025-03-10T04:00:00Z',
      speed: 720,
      anchor: 1_000_000,
      end: '2025-03-11T04:00:00Z',
      wallNow: () => wall,
    });
    wall += 600_000; // ten wall minutes at 720× would be five sim days
    expect(clock.now().toISOString()).toBe('2025-03-11T04:00:00.000Z');
    expect(clockEnv(clock)).toMatchObject({ CLOCK_SIM_END: '2025-03-11T04:00:00.000Z' });
    expect(clockFromEnv(clockEnv(clock), () => wall)?.nowMs()).toBe(clock.nowMs());
    expect(clockFromEnv({ ...clockEnv(clock), CLOCK_SIM_END: '' }, () => wall)?.nowMs()).toBe(
      Date.parse('2025-03-15T04:00:00Z'),
    );
  });

  it('rejects a speed that is not positive', () => {
    expect(() => createSimClock({ start: 0, speed: 0 })).toThrow(/speed/);
  });
});
