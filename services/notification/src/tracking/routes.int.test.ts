import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from '../config.js';
import { startNotification } from '../test-support/harness.js';
import { startHttpReceiver, type HttpReceiver } from '../test-support/http-receiver.js';
import { signLink } from './link-token.js';

const SECRET = 'routes-test-tracking-secret-0123456789';
const READER = 'routes-test-reader-key-0123';
const exp = () => Math.floor(Date.now() / 1000) + 3600;
const order = {
  orderId: 'SO-R1',
  customerId: 'C-R1',
  poNumber: 'PO-R1',
  status: 'allocated',
  timezone: 'Europe/Paris',
  lines: [],
};

describe('tracking routes (real database and broker; the owners are a local HTTP stand-in)', () => {
  let env: TestEnv;
  let svc: RunningService<NotificationEnv>;
  let owners: HttpReceiver;
  let ordersDown = false;

  const get = (path: string, headers: Record<string, string> = {}) =>
    svc.app.inject({ method: 'GET', url: path, headers });

  beforeAll(async () => {
    env = await createTestEnv('notification-tracking');
    owners = await startHttpReceiver((req, res) => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers['x-api-key'] !== READER) return send(401, {});
      if (ordersDown && req.url.startsWith('/v1/orders/SO-R1')) return send(500, {});
      if (req.url === '/v1/orders/SO-R1') return send(200, order);
      if (req.url === '/v1/orders/SO-OTHER')
        return send(200, { ...order, orderId: 'SO-OTHER', customerId: 'C-OTHER' });
      if (req.url === '/v1/orders/SO-R1/promise')
        return send(200, { shipBy: '2025-03-05T16:00:00Z', deliverBy: '2025-03-07T16:00:00Z' });
      if (req.url === '/v1/orders/SO-R1/timeline') return send(200, { entries: [] });
      if (req.url.startsWith('/v1/orders/SO-R1/shipments')) return send(404, {});
      if (req.url.startsWith('/v1/orders/SO-R1/cases')) return send(200, { items: [] });
      return send(404, {});
    });
    svc = await startNotification(
      env,
      { smtpPort: 1, twilioUrl: 'http://127.0.0.1:1' },
      {
        env: {
          DELIVERY_POLL_MS: '60000',
          TRACKING_BASE_URL: 'https://track.example.com',
          TRACKING_LINK_SECRET: SECRET,
          ORDER_API_URL: owners.url,
          SHIPMENT_API_URL: owners.url,
          DETECTOR_API_URL: owners.url,
          TRACKING_API_KEY: READER,
        },
      },
    );
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    await owners?.close();
    await env?.cleanup();
  });

  const token = (claims: Partial<Parameters<typeof signLink>[1]> = {}) =>
    signLink(SECRET, { orderId: 'SO-R1', customerId: 'C-R1', lang: 'fr', exp: exp(), ...claims });

  it('opens the page of a genuine link, reading the owners with the read-only key', async () => {
    const res = await get(`/track/${token()}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Votre commande SO-R1');
    expect(res.body).toContain('Rien n’a encore quitté l’entrepôt.');
    expect(owners.requests.some((r) => r.url === '/v1/orders/SO-R1/cases?customerId=C-R1')).toBe(
      true,
    );
    const json = await get(`/v1/track/${token()}`);
    expect(json.json()).toMatchObject({
      order: { orderId: 'SO-R1', deliverBy: '2025-03-07T16:00:00Z' },
    });
  });

  it('answers anything else with the same 404, never a 5xx (fast-check)', async () => {
    const genuine = token();
    const notFound = (await get('/track/nothing')).body;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }).map(encodeURIComponent),
          fc
            .tuple(fc.nat({ max: genuine.length - 1 }), fc.constantFrom(...'AQgw09-_.'))
            .map(([i, c]) => genuine.slice(0, i) + c + genuine.slice(i + 1))
            .filter((t) => t !== genuine),
        ),
        async (t) => {
          const page = await get(`/track/${t}`);
          expect(page.statusCode).toBe(404);
          expect(page.body).toBe(notFound);
          expect((await get(`/v1/track/${t}`)).statusCode).toBe(404);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses an expired link and a genuine signature over another customer’s order alike', async () => {
    for (const t of [
      token({ exp: Math.floor(Date.now() / 1000) - 1 }),
      token({ orderId: 'SO-OTHER' }),
    ]) {
      const res = await get(`/track/${t}`, { 'accept-language': 'fr-CA,fr;q=0.9' });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Lien non valable');
      expect(res.body).not.toContain('SO-OTHER');
    }
  });

  it('says "try again later" when the order service cannot answer, and never 500', async () => {
    ordersDown = true;
    try {
      const res = await get(`/track/${token()}`);
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('réessayez');
      expect((await get(`/v1/track/${token()}`)).statusCode).toBe(503);
    } finally {
      ordersDown = false;
    }
  });
});
