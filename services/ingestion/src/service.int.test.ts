import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness.js';

describe('ingestion service process (integration)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('ingestion');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is live and ready against the real broker and database', async () => {
    expect((await fetch(`${h.svc.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.svc.url}/readyz`)).status).toBe(200);
    const docs = (await (await fetch(`${h.svc.url}/docs/json`)).json()) as {
      info: { title: string };
      paths: Record<string, { post?: { security?: unknown } }>;
    };
    expect(docs.info.title).toBe('Forewarn ingestion service');
    expect(docs.paths['/v1/events']?.post?.security).toEqual([{ apiKey: [] }]);
  });
});
