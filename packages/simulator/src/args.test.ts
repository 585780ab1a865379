import { describe, expect, it } from 'vitest';
import { parseCredentialsArgs, parseRunArgs } from './args.js';

describe('parseRunArgs', () => {
  it('reads the run options and the environment', () => {
    const cmd = parseRunArgs(
      [
        'run',
        '--seed',
        '42',
        '--orders',
        '500',
        '--speed',
        '720',
        '--out',
        'x',
        '--bench',
        '--via-http',
        '0.2',
      ],
      {
        KAFKA_BROKERS: 'a:1,b:2',
        KAFKA_TOPIC_PREFIX: 'demo.',
        FOREWARN_API_KEY: 'k',
      },
    );
    expect(cmd).toMatchObject({
      config: { seed: 42, orders: 500 },
      speed: 720,
      out: 'x',
      bench: true,
      viaHttp: 0.2,
      brokers: ['a:1', 'b:2'],
      topicPrefix: 'demo.',
      apiKey: 'k',
    });
  });

  it('takes the shared clock from the environment when no flag overrides it', () => {
    const cmd = parseRunArgs(['run'], {
      CLOCK_SIM_ANCHOR: '2025-04-07T04:00:00Z',
      CLOCK_SPEED: '60',
      CLOCK_WALL_ANCHOR_MS: String(Date.parse('2030-01-01T00:00:00Z')),
    });
    expect(cmd).toMatchObject({
      config: { start: '2025-04-07T04:00:00Z' },
      speed: 60,
      anchor: '2030-01-01T00:00:00.000Z',
      out: '.forewarn/sim',
      bench: false,
    });
    expect(cmd.viaHttp).toBeUndefined();
  });

  it('refuses unknown commands, unknown flags and non-numbers', () => {
    expect(() => parseRunArgs(['go'], {})).toThrow(/usage/);
    expect(() => parseRunArgs(['run', '--nope'], {})).toThrow();
    expect(() => parseRunArgs(['run', '--orders', 'many'], {})).toThrow(/--orders/);
  });

  it('takes --doors, and refuses it together with --via-http', () => {
    expect(parseRunArgs(['run', '--doors'], {}).doors).toBe(true);
    expect(parseRunArgs(['run'], {}).doors).toBe(false);
    expect(() => parseRunArgs(['run', '--doors', '--via-http', '0.2'], {})).toThrow(/give one/);
  });
});

describe('parseCredentialsArgs', () => {
  it('reads the options that decide the day, and nothing else', () => {
    expect(parseCredentialsArgs(['credentials', '--seed', '7', '--days', '2'])).toEqual({
      config: { seed: 7, orders: 500, days: 2 },
    });
    expect(() => parseCredentialsArgs(['credentials', '--doors'])).toThrow();
    expect(() => parseCredentialsArgs(['run'])).toThrow(/usage/);
  });
});
