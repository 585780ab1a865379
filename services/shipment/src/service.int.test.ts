import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShipments, type Shipments } from './harness.fixtures.js';

describe('shipment service process (integration)', () => {
  let env: TestEnv;
  let svc: Shipments;
  beforeAll(async () => {
    env = await createTestEnv('shipment');
    svc = await startShipments(env);
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
    expect(docs.info.title).toBe('Forewarn shipment service');
  });
});
