import type { OutgoingSimMessage } from './messages.js';

export interface HttpIngestOptions {
  baseUrl: string;
  apiKey?: string;
  /** Events per request (the edge takes up to MAX_BATCH_EVENTS, 1000 by default). */
  batchSize?: number;
  fetchImpl?: typeof fetch;
}

export interface HttpIngest {
  /** Posts the messages; resolves with how many events the edge accepted and rejected. */
  send(messages: readonly OutgoingSimMessage[]): Promise<{ accepted: number; rejected: number }>;
}

const PATH = '/v1/events';

/**
 * The ingestion edge (`POST /v1/events` with `{ events: [...] }`, all or nothing per request),
 * or the reason it cannot be used: missing (404), refusing our key (401/403) or not answering.
 * Valid events go in batches; each malformed one goes alone, so it cannot sink a good batch.
 */
export async function connectHttpIngest(
  opts: HttpIngestOptions,
): Promise<{ ingest?: HttpIngest; unavailable?: string }> {
  const doFetch = opts.fetchImpl ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  const url = new URL(PATH, opts.baseUrl).toString();
  const post = (bodies: readonly string[]) =>
    doFetch(url, { method: 'POST', headers, body: `{"events":[${bodies.join(',')}]}` }).then(
      (r) => r.status,
    );
  try {
    const status = await doFetch(url, { method: 'POST', headers, body: '{"events":[]}' }).then(
      (r) => r.status,
    );
    if (status === 404) return { unavailable: `${url} answered 404` };
    if (status === 401 || status === 403)
      return { unavailable: `${url} refused the API key (${status}); set FOREWARN_API_KEY` };
  } catch (err) {
    return { unavailable: `${url} unreachable: ${(err as Error).message}` };
  }
  const batchSize = opts.batchSize ?? 500;
  return {
    ingest: {
      async send(messages) {
        let accepted = 0;
        let rejected = 0;
        const valid = messages.filter((m) => !m.malformed).map((m) => m.json);
        for (let i = 0; i < valid.length; i += batchSize) {
          const chunk = valid.slice(i, i + batchSize);
          const status = await post(chunk);
          if (status >= 200 && status < 300) accepted += chunk.length;
          else throw new Error(`ingestion edge refused a batch of valid events (${status})`);
        }
        for (const m of messages.filter((x) => x.malformed)) {
          const status = await post([m.json]);
          if (status >= 400 && status < 500) rejected++;
          else
            throw new Error(`ingestion edge answered ${status} to a malformed event (${m.topic})`);
        }
        return { accepted, rejected };
      },
    },
  };
}
