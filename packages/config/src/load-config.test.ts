import { describe, expect, it } from 'vitest';
import { ConfigError, commonEnv, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('lists every missing or invalid variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(commonEnv, { HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const names = (caught as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['HTTP_PORT', 'DATABASE_URL', 'KAFKA_BROKERS']));
  });

  it('applies defaults and parses lists and flags', () => {
    const cfg = loadConfig(commonEnv, {
      HTTP_PORT: '8080',
      DATABASE_URL: 'postgres://u@h:5432/db',
      KAFKA_BROKERS: 'a:9092, b:9092',
      KAFKA_SSL: 'yes',
    });
    expect(cfg.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(cfg.KAFKA_SSL).toBe(true);
    expect(cfg.LOG_LEVEL).toBe('info');
    expect(cfg.HTTP_PORT).toBe(8080);
  });
});
