import { CrmSendError, retriableStatus } from './adapter.js';

export type Fetch = typeof fetch;

export interface HttpCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Names the call in errors, e.g. "salesforce create". */
  what: string;
}

export interface HttpReply {
  status: number;
  body: unknown;
}

/** One request; network errors and timeouts are retriable failures, any status is returned. */
export async function call(fetchImpl: Fetch, c: HttpCall): Promise<HttpReply> {
  let res: Response;
  try {
    res = await fetchImpl(c.url, {
      method: c.method,
      headers: c.headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
      signal: AbortSignal.timeout(c.timeoutMs),
    });
  } catch (err) {
    throw new CrmSendError(`${c.what}: ${(err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: res.status, body };
}

/** Throws the classified error for a non-2xx reply. */
export function expectOk(r: HttpReply, what: string): HttpReply {
  if (r.status >= 200 && r.status < 300) return r;
  const detail = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
  throw new CrmSendError(
    `${what}: HTTP ${r.status} ${detail.slice(0, 300)}`,
    retriableStatus(r.status),
    r.status,
  );
}

export const json = (v: unknown): string => JSON.stringify(v);

export const basicAuth = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
