import type { OutgoingSimMessage } from './messages.js';

export interface HttpIngestOptions {
  baseUrl: string;
  apiKey?: string;
  /** Requests in flight at once. */
  concurrency?: number;
  fetchImpl?: typeof fetch;
}

export interface HttpIngest {
  /** Posts each message; resolves with how many the edge accepted (2xx) and rejected (4xx). */
  send(messages: readonly OutgoingSimMessage[]): Promise<{ accepted: number; rejected: number }>;
}

const path = '/v1/events';

/**
 * The ingestion edge, when it is there: undefined (with the reason) when POST /v1/events answers
 * 404 or the service does not answer at all, so the caller can fall back to Kafka.
 */
export async function connectHttpIngest(
  opts: HttpIngestOptions,
): Promise<{ ingest?: HttpIngest; unavailable?: string }> {
  const doFetch = opts.fetchImpl ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  const url = new URL(path, opts.baseUrl).toString();
  try {
    const probe = await doFetch(url, { method: 'POST', headers, body: '{}' });
    if (probe.status === 404) return { unavailable: `${url} answered 404` };
  } catch (err) {
    return { unavailable: `${url} unreachable: ${(err as Error).message}` };
  }
  const concurrency = opts.concurrency ?? 16;
  return {
    ingest: {
      async send(messages) {
        let accepted = 0;
        let rejected = 0;
        for (let i = 0; i < messages.length; i += concurrency) {
          const results = await Promise.all(
            messages
              .slice(i, i + concurrency)
              .map((m) =>
                doFetch(url, { method: 'POST', headers, body: m.json }).then((r) => r.status),
              ),
          );
          for (const status of results) {
            if (status >= 200 && status < 300) accepted++;
            else if (status >= 400 && status < 500) rejected++;
            else throw new Error(`ingestion edge answered ${status}`);
          }
        }
        return { accepted, rejected };
      },
    },
  };
}
