import { describe, expect, it } from 'vitest';
import { connectHttpIngest } from './http-ingest.js';
import type { OutgoingSimMessage } from './messages.js';

/** A stand-in for the ingestion edge: records bodies, refuses bodies that are not valid JSON. */
function edge(probeStatus: number) {
  const bodies: string[] = [];
  const fetchImpl = (async (_url: string, init: { body: string }) => {
    if (init.body === '{"events":[]}') return new Response(null, { status: probeStatus });
    bodies.push(init.body);
    try {
      JSON.parse(init.body);
      return new Response(null, { status: 202 });
    } catch {
      return new Response(null, { status: 400 });
    }
  }) as unknown as typeof fetch;
  return { bodies, fetchImpl };
}

const msg = (json: string, malformed = false) =>
  ({
    emitAt: 0,
    topic: 't',
    key: 'k',
    value: Buffer.from(json),
    json,
    malformed,
  }) as OutgoingSimMessage;

describe('connectHttpIngest', () => {
  it('reports the edge as unavailable when the route is missing or the key is refused', async () => {
    expect(
      (await connectHttpIngest({ baseUrl: 'http://x', fetchImpl: edge(404).fetchImpl }))
        .unavailable,
    ).toMatch(/404/);
    expect(
      (await connectHttpIngest({ baseUrl: 'http://x', fetchImpl: edge(401).fetchImpl }))
        .unavailable,
    ).toMatch(/API key/);
  });

  it('batches valid events and sends each malformed one alone', async () => {
    const e = edge(400);
    const { ingest } = await connectHttpIngest({
      baseUrl: 'http://x',
      batchSize: 2,
      fetchImpl: e.fetchImpl,
    });
    const result = await ingest?.send([
      msg('{"a":1}'),
      msg('{"bad":', true),
      msg('{"a":2}'),
      msg('{"a":3}'),
    ]);
    expect(result).toEqual({ accepted: 3, rejected: 1 });
    expect(e.bodies).toEqual([
      '{"events":[{"a":1},{"a":2}]}',
      '{"events":[{"a":3}]}',
      '{"events":[{"bad":]}',
    ]);
  });
});
