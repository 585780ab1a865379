import { sampleEvent } from '@forewarn/contracts/fixtures';
import { tenancySweep } from '@forewarn/http/testing';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from '../config.js';
import { api, KEYS, publisher, startNotification, testClock } from '../test-support/harness.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

/** A stalled shipment of `customerId`'s order: the exception notice to its contacts. */
const stalled = (customerId: string, orderId: string, caseId: string) =>
  sampleEvent('case.opened', {
    eventId: `opened-${caseId}`,
    refs: { orderId, customerId, poNumber: `PO-${orderId}` },
    payload: {
      customerId,
      customerTier: 'enterprise',
      caseId,
      caseType: 'stalled_shipment',
      orderId,
    },
  });

describe('notification API tenancy sweep (integration: every route, as customer A, against B)', () => {
  let env: TestEnv;
  let svc: RunningService<NotificationEnv>;
  let sink: SmtpSink;
  let producer: Producer;
  let notices: Record<string, string>;

  beforeAll(async () => {
    env = await createTestEnv('notification-sweep');
    sink = await startSmtpSink();
    svc = await startNotification(
      env,
      { smtpPort: sink.port, twilioUrl: 'http://127.0.0.1:9' },
      {
        // Mid-afternoon on a weekday: no quiet hours hold the notices back.
        now: testClock('2025-03-10T14:00:00Z').now,
        env: {
          // The tracking page on, so its open routes are swept too.
          TRACKING_BASE_URL: 'https://track.example.com',
          TRACKING_LINK_SECRET: 'sweep-test-tracking-secret-0123456789',
          ORDER_API_URL: 'http://127.0.0.1:9',
          SHIPMENT_API_URL: 'http://127.0.0.1:9',
          DETECTOR_API_URL: 'http://127.0.0.1:9',
          TRACKING_API_KEY: 'sweep-test-reader-key',
        },
      },
    );
    const staff = api(svc, KEYS.staff);
    for (const [contactId, customerId] of [
      ['acme-sweep', 'C-ACME'],
      ['other-sweep', 'C-OTHER'],
    ] as const) {
      const body = { customerId, email: `${contactId}@example.com` };
      expect((await staff('PUT', `/v1/contacts/${contactId}`, body)).status).toBe(200);
    }
    producer = env.kafka.producer();
    await producer.connect();
    await publisher(producer, env.prefix)(
      stalled('C-ACME', 'SO-SWEEP-A', 'CASE-SWEEP-A'),
      stalled('C-OTHER', 'SO-SWEEP-B', 'CASE-SWEEP-B'),
    );
    type Listed = { notices: { noticeId: string; customerId: string; status: string }[] };
    notices = await eventually(
      async () => {
        const sent = (await staff<Listed>('GET', '/v1/notices')).body.notices.filter(
          (n) => n.status === 'sent',
        );
        const byCustomer = Object.fromEntries(sent.map((n) => [n.customerId, n.noticeId]));
        return byCustomer['C-ACME'] && byCustomer['C-OTHER'] ? byCustomer : undefined;
      },
      { what: "both customers' notices sent" },
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await sink?.close();
    await env?.cleanup();
  });

  it("gives C-ACME's key nothing of C-OTHER on any route", async () => {
    const { swept, failures } = await tenancySweep(svc.app, {
      key: KEYS.acme,
      staffKey: KEYS.staff,
      ours: {
        customerId: 'C-ACME',
        contactId: 'acme-sweep',
        noticeId: notices['C-ACME']!,
        orderId: 'SO-SWEEP-A',
        caseId: 'CASE-SWEEP-A',
      },
      theirs: {
        customerId: 'C-OTHER',
        contactId: 'other-sweep',
        noticeId: notices['C-OTHER']!,
        orderId: 'SO-SWEEP-B',
        caseId: 'CASE-SWEEP-B',
      },
      markers: ['other-sweep@example.com', 'PO-SO-SWEEP-B'],
      routes: {
        'PUT /v1/contacts/:contactId': {
          payload: (side) => ({ customerId: side.customerId, email: 'sweep@example.com' }),
        },
        // The tracking page's credential is the signed token in its path, not a key.
        'GET /track/*': { open: 'public' },
        'GET /v1/track/*': { open: 'public' },
        'POST /v1/callbacks/twilio': { open: 'refused' },
      },
    });
    expect(failures).toEqual([]);
    expect(swept).toHaveLength(svc.app.routeAccess().length);
  });
});
