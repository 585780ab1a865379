import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths scrubbed from every log line: credentials, and customer personal data that travels in
 * events and requests (contact emails, phones, addresses). Logs are shipped to places with wider
 * access than the database, so they must never carry these.
 */
export const redactedPaths = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-forewarn-signature"]',
  'req.headers.cookie',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  '*.email',
  '*.phone',
  '*.contactEmail',
  '*.contactPhone',
  '*.address',
  '*.shipTo.address',
  '*.shipTo.line1',
  '*.shipTo.line2',
];

export function createLogger(opts: { name: string; level?: string; base?: Record<string, unknown> } & LoggerOptions): Logger {
  const { name, level = 'info', base, ...rest } = opts;
  return pino({
    name,
    level,
    base: { service: name, ...base },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...rest,
  });
}
