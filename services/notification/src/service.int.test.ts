import { fileURLToPath } from 'node:url';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from './config.js';
import { api, KEYS, startNotification } from './test-support/harness.js';

const SEED = fileURLToPath(new URL('../seed/contacts.example.json', import.meta.url));

describe('notification service process (integration)', () => {
  let env: TestEnv;
  let svc: RunningService<NotificationEnv>;
  beforeAll(async () => {
    env = await createTestEnv('notification');
    svc = await startNotification(
      env,
      { smtpPort: 2525, twilioUrl: 'http://127.0.0.1:9' },
      { env: { NOTIFICATION_SEED_FILE: SEED } },
    );
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
      paths: Record<string, unknown>;
    };
    expect(docs.info.title).toBe('Forewarn notification service');
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/contacts/{contactId}',
        '/v1/customers/{customerId}/contacts',
        '/v1/notices',
        '/v1/orders/{orderId}/notices',
        '/v1/notices/{noticeId}/resend',
        '/v1/proactivity',
        '/v1/callbacks/email',
        '/v1/callbacks/twilio',
      ]),
    );
  });

  it('loads the seed file, hides webhook secrets, and scopes contacts per customer', async () => {
    const staff = api(svc);
    const acme = await staff<{ contacts: Record<string, unknown>[] }>(
      'GET',
      '/v1/customers/C-ACME/contacts',
    );
    expect(acme.body.contacts).toEqual([
      expect.objectContaining({ contactId: 'acme-edi', hasWebhookSecret: true }),
    ]);
    expect(JSON.stringify(acme.body)).not.toContain('replace-with');
    // Another customer's contacts answer as an unknown customer's would: ids cannot be probed.
    expect((await api(svc, KEYS.acme)('GET', '/v1/customers/C-LYON/contacts')).status).toBe(404);
    expect((await api(svc, KEYS.acme)('GET', '/v1/contacts/lyon-achats')).status).toBe(404);
    expect((await fetch(`${svc.url}/v1/notices`)).status).toBe(401);
  });

  it('validates preferences and keeps a contact with its customer', async () => {
    const acme = api(svc, KEYS.acme);
    const bad = await acme('PUT', '/v1/contacts/acme-new', {
      customerId: 'C-ACME',
      preferences: { quietHours: { start: '25:00', end: '07:00', timeZone: 'Mars/Olympus' } },
    });
    expect(bad.status).toBe(400);
    const ok = await acme('PUT', '/v1/contacts/acme-new', {
      customerId: 'C-ACME',
      email: 'new@acme.example',
      preferences: { language: 'fr', events: ['shipment.delayed'] },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { customerId: 'C-ACME', preferences: { language: 'fr' } },
    });
    // Another customer's contact id is not taken over, and not confirmed to exist either.
    expect((await acme('PUT', '/v1/contacts/lyon-achats', { customerId: 'C-ACME' })).status).toBe(
      404,
    );
    expect((await acme('DELETE', '/v1/contacts/acme-new')).status).toBe(204);
  });
});
