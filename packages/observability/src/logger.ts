import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Fields that carry personal data wherever they sit, up to three levels deep in a log object. */
const personalFields = [
  'email',
  'phone',
  'contactEmail',
  'contactPhone',
  'address',
  'recipient',
  'customerName',
  'contactName',
  'line1',
  'line2',
  'postalCode',
];

/** Credentials, wherever they sit. */
const secretFields = [
  'password',
  'secret',
  'apiKey',
  'token',
  'authToken',
  'webhookSecret',
  'authorization',
];

const atAnyDepth = (field: string) => [field, `*.${field}`, `*.*.${field}`];

/**
 * Paths scrubbed from every log line: credentials, and customer personal data that travels in
 * events and requests (contact emails, phones, names, addresses). Logs are shipped to places with
 * wider access than the database, so they must never carry these.
 */
export const redactedPaths = [
  ...secretFields.flatMap(atAnyDepth),
  ...personalFields.flatMap(atAnyDepth),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-forewarn-signature"]',
  'req.headers["x-twilio-signature"]',
  'req.headers.cookie',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  '*.shipTo.name',
  '*.*.shipTo.name',
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// International numbers as providers echo them (+15551234567, +33 1 23 45 67 89).
const PHONE = /\+\d[\d ().-]{6,18}\d/g;
const CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_USERINFO = /\/\/[^/\s:@]+:[^/\s@]+@/g;

/**
 * Free text (a provider's error, a bounce detail) with emails, phone numbers and credentials
 * replaced: for errors stored where staff and customers read them, such as `last_error`.
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(URL_USERINFO, '//[redacted]@')
    .replace(EMAIL, '[email]')
    .replace(PHONE, '[phone]')
    .replace(CREDENTIAL, '$1 [redacted]');
}

export function createLogger(
  opts: { name: string; level?: string; base?: Record<string, unknown> } & LoggerOptions,
): Logger {
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
