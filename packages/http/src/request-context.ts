import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * Ids arrive from outside and end up in logs and response headers, so only short, plain tokens
 * are accepted (no spaces, newlines or commas, which would also mean a repeated header).
 */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && ACCEPTABLE_ID.test(value) ? value : undefined;
}

/** The caller's request id when it sent a usable one, else a fresh one. */
export function requestIdFor(headers: IncomingHttpHeaders, newId: () => string): string {
  return acceptId(headers[REQUEST_ID_HEADER]) ?? newId();
}

/**
 * The correlation id ties together every request and event of one business flow across
 * services; a request that starts a flow starts it with its own request id.
 */
export function correlationIdFor(headers: IncomingHttpHeaders, requestId: string): string {
  return acceptId(headers[CORRELATION_ID_HEADER]) ?? requestId;
}
