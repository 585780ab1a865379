import type { Logger } from '@forewarn/observability';
import { logLevel, type logCreator, type LogEntry } from 'kafkajs';

type PinoMethod = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs levels to pino methods; NOTHING never reaches a log call. */
export function pinoMethodFor(level: logLevel): PinoMethod {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/** The kafkajs level that lets through what the pino logger would keep, and nothing more. */
export function kafkaLevelFor(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'silent':
      return logLevel.NOTHING;
    case 'fatal':
    case 'error':
      return logLevel.ERROR;
    case 'warn':
      return logLevel.WARN;
    case 'info':
      return logLevel.INFO;
    default:
      return logLevel.DEBUG;
  }
}

/**
 * Routes kafkajs' own logs into the service's pino logger as structured lines, with kafkajs'
 * namespace (Consumer, Runner, Connection…) kept as a field for filtering.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLog = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _ts, logger: _name, ...fields } = log;
      kafkaLog[pinoMethodFor(level)]({ namespace, ...fields }, message);
    };
}
