import { sign, SIGNATURE_HEADER } from '@forewarn/runtime/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WEBHOOK_SECRET, startDeliverySinks, type DeliverySinks } from './sinks.js';

let sinks: DeliverySinks;
beforeAll(async () => {
  sinks = await startDeliverySinks();
});
afterAll(() => sinks.close());

const post = (body: string, signature: string, key: string) =>
  fetch(`${sinks.webhookBaseUrl}/hook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signature,
      'idempotency-key': key,
    },
    body,
  }).then((r) => r.status);

describe("the demo's webhook receiver", () => {
  it('counts what the platform signed, once per idempotency key, at any simulated time', async () => {
    const body = '{"notice":1}';
    const hoursAgo = new Date(Date.now() - 9 * 3_600_000);
    expect(await post(body, sign(DEMO_WEBHOOK_SECRET, body, hoursAgo), 'k1')).toBe(200);
    expect(await post(body, sign(DEMO_WEBHOOK_SECRET, body, new Date()), 'k1')).toBe(200);
    expect(sinks.received.webhook).toBe(1);
  });

  it('refuses another secret, a changed body and a malformed header', async () => {
    const body = '{"notice":2}';
    const at = new Date();
    expect(await post(body, sign('another-secret', body, at), 'k2')).toBe(401);
    expect(await post('{"notice":3}', sign(DEMO_WEBHOOK_SECRET, body, at), 'k3')).toBe(401);
    expect(await post(body, 'v1=abc', 'k4')).toBe(401);
    expect(sinks.received.webhookBadSignature).toBe(3);
  });
});
