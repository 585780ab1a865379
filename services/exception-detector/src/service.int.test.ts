import { startService, type RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv, serviceTestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectorService } from './service.js';

describe('exception-detector service process (integration)', () => {
  let env: TestEnv;
  let svc: RunningService;
  beforeAll(async () => {
    env = await createTestEnv('exception-detector');
    svc = await startService(detectorService, {
      handleSignals: false,
      env: serviceTestEnv(env),
    });
  });
  afterAll(async () => {
    await svc?.stop();
    await env.cleanup();
  });

  it('is live and ready against the real broker and database', async () => {
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
    const docs = (await (await fetch(`${svc.url}/docs/json`)).json()) as {
      info: { title: string };
    };
    expect(docs.info.title).toBe('Forewarn exception-detector service');
  });
});
