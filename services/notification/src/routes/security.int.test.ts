import { randomUUID } from 'node:crypto';
import type { Role } from '@forewarn/http';
import { isolationFailures, prototypeKeyFailures, securityDocOf } from '@forewarn/http/testing';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from '../config.js';
import { api, KEYS, startNotification } from '../test-support/harness.js';

const NOW = new Date('2026-12-01T10:00:00Z');

/** A sent notice of `customer` about `orderId`, written as the delivery worker leaves one. */
async function sentNotice(pool: pg.Pool, customer: string, orderId: string): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO notifications.notices (notice_id, idempotency_key, customer_id, contact_id,
       recipient, template, language, time_zone, destinations, channel, address, mode, critical,
       context, trigger_event_id, trigger_type, order_id, status, due_at, next_attempt_at, created_at)
     VALUES ($1, $3, $4, 'buyer', 'A buyer', 'shipment.delayed', 'en', 'UTC',
       '[{"channel":"email","address":"buyer@example.com"}]', 'email', 'buyer@example.com',
       'immediate', false, '{}', $3, 'shipment.delayed', $5, 'sent', $2, $2, $2)`,
    [id, NOW, `idem-${id}`, customer, orderId],
  );
  return id;
}

describe('notification HTTP edge security (integration)', () => {
  let env: TestEnv;
  let svc: RunningService<NotificationEnv>;
  let pool: pg.Pool;
  let otherNotice: string;
  let acmeNotice: string;
  const staff = () => api(svc, KEYS.staff);
  const acme = () => api(svc, KEYS.acme);
  const source = () => api(svc, KEYS.source);

  beforeAll(async () => {
    env = await createTestEnv('notification-security');
    // No allow-list here: every private receiver must be refused.
    svc = await startNotification(
      env,
      { smtpPort: 9, twilioUrl: 'http://127.0.0.1:9' },
      {
        env: {
          WEBHOOK_ALLOWED_TARGETS: '',
          DELIVERY_POLL_MS: '60000',
          // The tracking page on, so its open routes are probed and listed too.
          TRACKING_BASE_URL: 'https://track.example.com',
          TRACKING_LINK_SECRET: 'security-test-tracking-secret-0123456789',
          ORDER_API_URL: 'http://127.0.0.1:9',
          SHIPMENT_API_URL: 'http://127.0.0.1:9',
          DETECTOR_API_URL: 'http://127.0.0.1:9',
          TRACKING_API_KEY: 'security-test-reader-key',
        },
      },
    );
    pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
    otherNotice = await sentNotice(pool, 'C-OTHER', 'SO-OTHER-1');
    acmeNotice = await sentNotice(pool, 'C-ACME', 'SO-ACME-1');
    for (const [contactId, customerId] of [
      ['other-buyer', 'C-OTHER'],
      ['acme-buyer', 'C-ACME'],
      ['acme-leaver', 'C-ACME'],
    ]) {
      const res = await staff()('PUT', `/v1/contacts/${contactId}`, {
        customerId,
        email: `${contactId}@example.com`,
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await pool?.end();
    await svc?.stop();
    await env?.cleanup();
  });

  it('gives a source key 403 on contacts, preferences and the delivery log', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/customers/C-OTHER/contacts'],
      ['GET', '/v1/contacts/other-buyer'],
      ['PUT', '/v1/contacts/x', { customerId: 'C-OTHER' }],
      ['DELETE', '/v1/contacts/other-buyer'],
      ['GET', '/v1/notices'],
      ['GET', `/v1/notices/${otherNotice}`],
      ['POST', `/v1/notices/${otherNotice}/resend`],
      ['GET', '/v1/proactivity'],
    ] as const) {
      const res = await source()(method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
  });

  it("gives customer A 404 for customer B's contacts, notices, resends, order and customer id on every route a customer key may call with an id, and A its own", async () => {
    const contact = { customerId: 'C-ACME', email: 'acme-buyer@example.com' };
    const failures = await isolationFailures(svc.app, KEYS.acme, {
      'GET /v1/contacts/:contactId': {
        theirs: '/v1/contacts/other-buyer',
        ours: '/v1/contacts/acme-buyer',
      },
      // Not a 409 "contact belongs to another customer": that would tell A the id is taken.
      'PUT /v1/contacts/:contactId': {
        theirs: '/v1/contacts/other-buyer',
        ours: '/v1/contacts/acme-buyer',
        payload: contact,
      },
      'DELETE /v1/contacts/:contactId': {
        theirs: '/v1/contacts/other-buyer',
        ours: '/v1/contacts/acme-leaver',
      },
      'GET /v1/customers/:customerId/contacts': {
        theirs: '/v1/customers/C-OTHER/contacts',
        ours: '/v1/customers/C-ACME/contacts',
      },
      'GET /v1/notices/:noticeId': {
        theirs: `/v1/notices/${otherNotice}`,
        ours: `/v1/notices/${acmeNotice}`,
      },
      'POST /v1/notices/:noticeId/resend': {
        theirs: `/v1/notices/${otherNotice}/resend`,
        ours: `/v1/notices/${acmeNotice}/resend`,
      },
      'GET /v1/orders/:orderId/notices': {
        theirs: '/v1/orders/SO-OTHER-1/notices',
        ours: '/v1/orders/SO-ACME-1/notices',
      },
      // A list filtered by another customer answers the same 404 as a path naming it.
      'GET /v1/notices': { theirs: '/v1/notices?customerId=C-OTHER', ours: '/v1/notices' },
      'GET /v1/notices/stats': {
        theirs: '/v1/notices/stats?customerId=C-OTHER',
        ours: '/v1/notices/stats?customerId=C-ACME',
      },
      'GET /v1/proactivity': {
        theirs: '/v1/proactivity?customerId=C-OTHER',
        ours: '/v1/proactivity?customerId=C-ACME',
      },
    });
    expect(failures).toEqual([]);
    // A contact saved for another customer, under a fresh id: the same 404, and nothing saved.
    const foreign = await acme()('PUT', '/v1/contacts/planted', { customerId: 'C-OTHER' });
    expect(foreign.status).toBe(404);
    expect((await staff()('GET', '/v1/contacts/planted')).status).toBe(404);
    // Lists hold only A's; staff see both customers'.
    const list = await acme()<{ notices: { customerId: string }[] }>('GET', '/v1/notices');
    expect(list.body.notices.map((n) => n.customerId)).toEqual(['C-ACME']);
    const all = await staff()<{ notices: unknown[] }>('GET', '/v1/notices');
    expect(all.body.notices).toHaveLength(2);
    // By case (the console's case page): staff read the case's notices, A none of another's.
    await pool.query(
      `UPDATE notifications.notices SET case_id = 'case-other' WHERE notice_id = $1`,
      [otherNotice],
    );
    type Listed = { notices: { noticeId: string }[] };
    const byCase = (as: typeof staff) => as()<Listed>('GET', '/v1/notices?caseId=case-other');
    expect((await byCase(staff)).body.notices.map((n) => n.noticeId)).toEqual([otherNotice]);
    expect((await byCase(acme)).body.notices).toEqual([]);
    expect((await staff()('PUT', '/v1/contacts/other-buyer', contact)).status).toBe(409);
  });

  it('rate-limits resends of one notice', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pool.query(`UPDATE notifications.notices SET status = 'sent' WHERE notice_id = $1`, [
        otherNotice,
      ]);
      statuses.push((await staff()('POST', `/v1/notices/${otherNotice}/resend`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://10.0.0.1/hook',
    'http://10.255.0.9/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://[fd00:ec2::254]/hook',
    'http://localhost/hook',
    'http://100.64.1.1/hook',
  ])('refuses to register the webhook URL %s, saying why', async (webhookUrl) => {
    const res = await acme()<{ code: string; detail: string }>('PUT', '/v1/contacts/acme-hook', {
      customerId: 'C-ACME',
      webhookUrl,
      webhookSecret: 'a-long-enough-secret-0001',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WEBHOOK_URL_REFUSED');
    expect(res.body.detail).toMatch(/resolves to a \w+ address, which is refused/);
  });

  it('refuses a Twilio status callback without a valid X-Twilio-Signature', async () => {
    const body = new URLSearchParams({ MessageSid: 'SM1', MessageStatus: 'delivered' });
    const attempts: Record<string, string>[] = [
      {},
      { 'x-twilio-signature': 'bm90LWEtc2lnbmF0dXJl' },
      { 'x-api-key': KEYS.source },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${svc.url}/v1/callbacks/twilio`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: body.toString(),
      });
      expect(res.status).toBe(403);
    }
  });

  it('answers every route below 500 with a prototype key in any param, query or body', async () => {
    const byRole: Partial<Record<Role, string>> = {
      csr: KEYS.staff,
      customer: KEYS.acme,
      source: KEYS.source,
    };
    expect(svc.app.routeAccess().length).toBeGreaterThan(8);
    expect(await prototypeKeyFailures(svc.app, (role) => byRole[role])).toEqual([]);
  });

  it('lists its routes and the roles allowed on each in SECURITY.md, as registered', () => {
    const { documented, registered } = securityDocOf('notification', svc.app);
    expect(documented).toBe(registered);
  });
});
