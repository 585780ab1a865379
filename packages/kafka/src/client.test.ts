import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkaConfigFromEnv } from './client.js';
import { kafkaLevelFor, pinoLogCreator } from './log-creator.js';

describe('kafkaConfigFromEnv', () => {
  it('falls back to the service name for the client id and passes SASL credentials', () => {
    const cfg = kafkaConfigFromEnv(
      {
        KAFKA_BROKERS: ['a:9092'],
        KAFKA_SSL: true,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'pw',
      },
      'order-service',
    );
    expect(cfg).toEqual({
      brokers: ['a:9092'],
      clientId: 'order-service',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
    });
  });

  it('refuses a SASL mechanism without credentials', () => {
    expect(() =>
      kafkaConfigFromEnv({ KAFKA_BROKERS: ['a:9092'], KAFKA_SASL_MECHANISM: 'plain' }, 'svc'),
    ).toThrow(/KAFKA_SASL_USERNAME/);
  });
});

describe('kafkajs logs through pino', () => {
  it('keeps the namespace and extra fields as structure, at the matching level', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const log = pinoLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { message: 'rebalancing', timestamp: 'x', logger: 'kafkajs', groupId: 'g' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'rebalancing',
      namespace: 'Consumer',
      groupId: 'g',
      component: 'kafkajs',
    });
  });

  it('maps pino levels to the kafkajs level that lets the same lines through', () => {
    expect(kafkaLevelFor('silent')).toBe(logLevel.NOTHING);
    expect(kafkaLevelFor('warn')).toBe(logLevel.WARN);
    expect(kafkaLevelFor('trace')).toBe(logLevel.DEBUG);
  });
});
