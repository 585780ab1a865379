import { startService, type RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestionService } from './service.js';

describe('ingestion service process (integration)', () => {
  let env: TestEnv;
  let svc: RunningService;
  beforeAll(async () => {
    env = await createTestEnv('ingestion');
    svc = await startService(ingestionService, {
      handleSignals: false,
      env: {
        HTTP_PORT: '0',
        DATABASE_URL: env.databaseUrl,
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: env.prefix,
        LOG_LEVEL: 'silent',
      },
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
    expect(docs.info.title).toBe('Forewarn ingestion service');
  });
});
