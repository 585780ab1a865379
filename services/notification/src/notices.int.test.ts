import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '@forewarn/runtime/platform';
import type { NotificationEnv } from './config.js';
import type { NoticeView } from './db/notice-queries.js';
import { startFakeTwilio } from './test-support/fake-twilio.js';
import { api, KEYS, publisher, startNotification, testClock } from './test-support/harness.js';
import { startWebhookReceiver } from './test-support/http-receiver.js';
import { startSmtpSink, type SmtpSink } from './test-support/smtp-sink.js';

const SECRET = 'acme-webhook-secret-0001';
// Thursday 6 March 2025, 10:00 in New York, 16:00 in Paris.
const clock = testClock('2025-03-06T15:00:00Z');

describe('notification service (integration: broker, database, SMTP server, webhook receiver)', () => {
  let env: TestEnv;
  let svc: RunningService<NotificationEnv>;
  let sink: SmtpSink;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let producer: Producer;
  let publish: ReturnType<typeof publisher>;
  let staff: ReturnType<typeof api>;

  const notices = async (q: string) =>
    (await staff<{ notices: NoticeView[] }>('GET', `/v1/notices?${q}`)).body.notices;
  const mailsTo = (address: string) =>
    sink.mails.filter((m) => m.to && JSON.stringify(m.to).includes(address));

  beforeAll(async () => {
    env = await createTestEnv('notification-notices');
    sink = await startSmtpSink();
    hooks = await startWebhookReceiver({
      verify: (r) =>
        verify({
          secret: SECRET,
          header: r.headers['forewarn-signature'] as string | undefined,
          rawBody: r.body,
          now: clock.now(),
        }).ok,
    });
    twilio = await startFakeTwilio('AC_TEST', 'twilio-token');
    svc = await startNotification(
      env,
      { smtpPort: sink.port, twilioUrl: twilio.url },
      { now: clock.now },
    );
    producer = env.kafka.producer();
    await producer.connect();
    publish = publisher(producer, env.prefix);
    staff = api(svc);
    const contacts = {
      'acme-ops': {
        customerId: 'C-ACME',
        email: 'ops@acme.example',
        webhookUrl: `${hooks.url}/hooks/acme`,
        webhookSecret: SECRET,
      },
      'lyon-achats': {
        customerId: 'C-LYON',
        email: 'achats@lyon.example',
        preferences: { language: 'fr' },
      },
      'ret-pat': {
        customerId: 'C-RET',
        name: 'Pat',
        email: 'pat@retail.example',
        phone: '+15550100',
      },
      'dig-buyer': {
        customerId: 'C-DIG',
        email: 'digest@dig.example',
        preferences: { mode: 'digest', digestAt: '17:00', timeZone: 'Europe/Paris' },
      },
    };
    for (const [id, body] of Object.entries(contacts)) {
      expect((await staff('PUT', `/v1/contacts/${id}`, body)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await producer?.disconnect();
    await svc?.stop();
    await Promise.all([sink?.close(), hooks?.close(), twilio?.close()]);
    await env?.cleanup();
  });

  it('sends the right notice, in the right language, to the right recipients only', async () => {
    const confirmed = sampleEvent('order.status-changed', {
      payload: { previousStatus: undefined },
    });
    await publish(
      confirmed,
      sampleEvent('shipment.eta-changed', {
        payload: { customerId: 'C-LYON', customerTier: 'regional_reseller' },
      }),
      sampleEvent('shipment.delivered', { payload: { customerId: 'C-NOBODY' } }),
    );
    await eventually(
      () =>
        (hooks.processed.size === 1 && mailsTo('achats@lyon.example').length === 1) || undefined,
      {
        what: 'the webhook and the French email',
      },
    );

    const [hook] = [...hooks.processed.values()];
    const body = JSON.parse(hook!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'order.confirmed',
      language: 'en',
      customerId: 'C-ACME',
      poNumber: 'PO-7781',
    });
    expect(body.subject).toBe('Order confirmed: PO PO-7781');
    expect(hook!.headers['idempotency-key']).toMatch(/^[0-9a-f]{64}$/);

    const fr = mailsTo('achats@lyon.example')[0]!;
    expect(fr.subject).toBe('Retard : nouvelle date de livraison pour 1Z999AA10123456784');
    expect(fr.text).toContain('Numéro de suivi 1Z999AA10123456784');
    expect(fr.html).toContain('<html lang="fr">');
    expect(sink.mails).toHaveLength(1);

    // A replay of the same event makes no second notice; a later event on the same partition
    // is the barrier that proves the replay was consumed.
    await publish(confirmed, sampleEvent('order.line-short'));
    await eventually(async () => (await notices('customerId=C-ACME')).length === 2 || undefined, {
      what: 'the backorder notice behind the replay',
    });
    const acme = await notices('customerId=C-ACME');
    expect(acme.filter((n) => n.template === 'order.confirmed')).toHaveLength(1);
  });

  it('shows the delivery log by order, scoped to the caller customer', async () => {
    const all = await staff<{ notices: NoticeView[] }>('GET', '/v1/orders/SO-1001/notices');
    expect(new Set(all.body.notices.map((n) => n.customerId))).toEqual(
      new Set(['C-ACME', 'C-LYON']),
    );
    const sent = all.body.notices.find((n) => n.customerId === 'C-LYON')!;
    expect(sent).toMatchObject({
      status: 'sent',
      channel: 'email',
      language: 'fr',
      trackingReference: '1Z999AA10123456784',
    });
    expect(sent.log).toMatchObject([{ kind: 'attempt', attempt: 1, outcome: 'sent' }]);

    const mine = await api(svc, KEYS.acme)<{ notices: NoticeView[] }>(
      'GET',
      '/v1/orders/SO-1001/notices',
    );
    expect(mine.body.notices.every((n) => n.customerId === 'C-ACME')).toBe(true);
    expect((await api(svc, KEYS.acme)('GET', '/v1/notices?customerId=C-LYON')).status).toBe(404);
    expect((await api(svc, KEYS.other)('GET', `/v1/notices/${sent.noticeId}`)).status).toBe(404);

    type Stats = {
      total: number;
      byLanguage: Record<string, number>;
      byChannel: Record<string, number>;
    };
    const stats = (await api(svc, KEYS.staff)<Stats>('GET', '/v1/notices/stats')).body;
    expect(stats.total).toBeGreaterThanOrEqual(all.body.notices.length);
    expect(stats.byLanguage.fr).toBeGreaterThanOrEqual(1);
    expect(stats.byChannel.email).toBeGreaterThanOrEqual(1);
    const acmeOnly = (await api(svc, KEYS.acme)<Stats>('GET', '/v1/notices/stats')).body;
    expect(acmeOnly.byLanguage.fr).toBeUndefined();
  });

  it('defers to the end of quiet hours, except critical exceptions', async () => {
    clock.set('2025-03-07T03:00:00Z'); // 22:00 in New York
    const retail = { customerId: 'C-RET', customerTier: 'retail' as const };
    await publish(
      sampleEvent('shipment.eta-changed', { payload: retail }),
      sampleEvent('case.opened', {
        payload: {
          ...retail,
          caseId: 'CASE-NIGHT',
          caseType: 'carrier_exception',
          priority: 'critical',
          title: 'Parcel lost',
        },
      }),
    );
    await eventually(
      () =>
        (mailsTo('pat@retail.example').length === 1 && twilio.messages.length === 1) || undefined,
      {
        what: 'the critical notice by email and SMS',
      },
    );
    expect(mailsTo('pat@retail.example')[0]!.subject).toMatch(/^Problem with/);
    expect(twilio.messages[0]!.body).toContain('Parcel lost');
    const deferred = (await notices('customerId=C-RET&status=pending')).filter(
      (n) => n.template === 'shipment.delayed',
    );
    expect(deferred.map((n) => [n.channel, n.dueAt])).toEqual(
      expect.arrayContaining([
        ['email', '2025-03-07T13:00:00.000Z'],
        ['sms', '2025-03-07T13:00:00.000Z'],
      ]),
    );

    clock.set('2025-03-07T13:00:01Z'); // 08:00:01 in New York
    await eventually(
      () =>
        (mailsTo('pat@retail.example').length === 2 && twilio.messages.length === 2) || undefined,
      {
        what: 'the deferred delay notice',
      },
    );
    expect(mailsTo('pat@retail.example')[1]!.subject).toMatch(/^Delayed/);
  });

  it('batches a digest contact notices into one message at their digest time', async () => {
    const dig = { customerId: 'C-DIG', customerTier: 'regional_reseller' as const };
    await publish(
      sampleEvent('shipment.eta-changed', { payload: dig }),
      sampleEvent('order.line-short', { payload: { ...dig, line: { critical: false } } }),
    );
    await eventually(
      async () => (await notices('customerId=C-DIG&status=pending')).length === 2 || undefined,
      {
        what: 'two digest notices',
      },
    );
    const pending = await notices('customerId=C-DIG');
    expect(pending.map((n) => n.dueAt)).toEqual([
      '2025-03-07T16:00:00.000Z',
      '2025-03-07T16:00:00.000Z',
    ]);
    expect(mailsTo('digest@dig.example')).toHaveLength(0);

    clock.set('2025-03-07T16:00:01Z'); // 17:00:01 in Paris
    await eventually(
      async () => (await notices('customerId=C-DIG&status=sent')).length === 2 || undefined,
      {
        what: 'the digest sent',
      },
    );
    const [digest, ...more] = mailsTo('digest@dig.example');
    expect(more).toHaveLength(0);
    expect(digest!.subject).toBe('2 update(s) on your orders');
    expect(digest!.text).toContain('Delayed: new delivery estimate for 1Z999AA10123456784');
    expect(digest!.text).toContain('Part of PO PO-7781 will ship late');
  });

  it('records whether the customer heard from us before contacting us', async () => {
    clock.set('2025-03-10T14:00:00Z');
    const acme = { customerId: 'C-ACME', customerTier: 'enterprise' as const };
    await publish(
      sampleEvent('case.opened', {
        payload: {
          ...acme,
          caseId: 'CASE-P1',
          caseType: 'stalled_shipment',
          orderId: 'SO-2001',
          openedAt: '2025-03-10T13:55:00Z',
        },
      }),
    );
    await eventually(
      async () => (await notices('orderId=SO-2001&status=sent')).length === 1 || undefined,
      {
        what: 'the exception notice',
      },
    );
    await publish(
      sampleEvent('case.opened', {
        payload: {
          ...acme,
          caseId: 'CASE-C1',
          caseType: 'parcel_not_received',
          origin: 'customer',
          orderId: 'SO-2001',
          openedAt: '2025-03-10T16:00:00Z',
        },
      }),
      sampleEvent('case.opened', {
        payload: {
          ...acme,
          caseId: 'CASE-C2',
          caseType: 'track_parcel',
          origin: 'customer',
          orderId: 'SO-3001',
          openedAt: '2025-03-10T12:00:00Z',
        },
      }),
      sampleEvent('case.opened', {
        payload: {
          ...acme,
          caseId: 'CASE-P2',
          caseType: 'late_shipment_risk',
          orderId: 'SO-3001',
          openedAt: '2025-03-10T13:00:00Z',
        },
      }),
    );
    type Report = {
      kpi: Record<string, number | null>;
      exceptions: { caseId: string; proactive: boolean; openedAt: string }[];
      byDay: { day: string; exceptions: number; proactive: number }[];
    };
    const report = await eventually(
      async () => {
        const r = (await api(svc, KEYS.acme)<Report>('GET', '/v1/proactivity')).body;
        const p1 = r.exceptions.find((e) => e.caseId === 'CASE-P1') as
          Record<string, unknown> | undefined;
        return r.exceptions.length === 2 && p1?.customerContactedAt ? r : undefined;
      },
      { what: 'both exceptions with the contacts recorded' },
    );
    expect(report.exceptions.map((e) => [e.caseId, e.proactive])).toEqual([
      ['CASE-P2', false],
      ['CASE-P1', true],
    ]);
    expect(report.kpi).toMatchObject({
      exceptions: 2,
      proactive: 1,
      proactiveRatio: 0.5,
      medianLeadTimeMs: 2 * 3_600_000,
    });
    // Per UTC day of opening, the same two: one proactive.
    const days = [...new Set(report.exceptions.map((e) => e.openedAt.slice(0, 10)))].sort();
    expect(report.byDay.map((d) => d.day)).toEqual(days);
    expect(report.byDay.reduce((n, d) => n + d.exceptions, 0)).toBe(2);
    expect(report.byDay.reduce((n, d) => n + d.proactive, 0)).toBe(1);
    // Split by the tier the cases stated, as the dashboard's tier filter asks.
    const byTier = async (tier: string) =>
      (await api(svc, KEYS.acme)<Report>('GET', `/v1/proactivity?tier=${tier}`)).body;
    expect((await byTier('enterprise')).kpi).toMatchObject({ exceptions: 2, proactive: 1 });
    expect((await byTier('retail')).kpi).toMatchObject({ exceptions: 0, proactiveRatio: null });

    // Split by the site of the exception's order and the carrier of its shipments, as the order
    // and shipment services' events state them (events that send no notice of their own).
    await publish(
      sampleEvent('order.promise-changed', {
        payload: { orderId: 'SO-2001', customerId: 'C-ACME', siteId: 'WH-EAST' },
      }),
      sampleEvent('order.promise-changed', {
        payload: { orderId: 'SO-3001', customerId: 'C-ACME', siteId: 'WH-WEST' },
      }),
      sampleEvent('shipment.no-scan-yet', {
        payload: {
          shipmentId: 'SHP-3001',
          orderId: 'SO-3001',
          customerId: 'C-ACME',
          carrier: 'ups',
        },
      }),
    );
    const by = async (query: string) =>
      (await api(svc, KEYS.acme)<Report>('GET', `/v1/proactivity?${query}`)).body;
    const ups = await eventually(
      async () => {
        const r = await by('carrier=ups&site=WH-WEST');
        return r.exceptions.length > 0 ? r : undefined;
      },
      { what: 'the sites and the carrier recorded' },
    );
    expect(ups.exceptions.map((e) => e.caseId)).toEqual(['CASE-P2']);
    expect((await by('site=WH-EAST')).exceptions.map((e) => e.caseId)).toEqual(['CASE-P1']);
    expect((await by('site=WH-WEST')).kpi).toMatchObject({ exceptions: 1, proactive: 0 });
    expect((await by('carrier=ups&site=WH-EAST')).kpi).toMatchObject({ exceptions: 0 });
    // Unknown values give empty figures; malformed ones a 400 naming the field.
    expect((await by('site=WH-NOWHERE')).kpi).toMatchObject({
      exceptions: 0,
      proactiveRatio: null,
    });
    expect((await by('carrier=pigeon')).exceptions).toEqual([]);
    const bad = await api(svc, KEYS.acme)<Record<string, unknown>>('GET', '/v1/proactivity?site=');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/site/);
  });
});
