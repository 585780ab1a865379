import { decodeEvent } from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { createTestEnv, eventually, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { twilioSignature } from './channels/twilio-signature.js';
import { verify } from '@forewarn/runtime/platform';
import type { NotificationEnv } from './config.js';
import type { SendGroup } from './db/claim.js';
import type { NoticeView } from './db/notice-queries.js';
import { startFakeTwilio } from './test-support/fake-twilio.js';
import { api, publisher, startNotification } from './test-support/harness.js';
import { startHttpReceiver, startWebhookReceiver } from './test-support/http-receiver.js';
import { startSmtpSink, type SmtpSink } from './test-support/smtp-sink.js';

const SECRET = 'webhook-secret-for-tests';
const validSignature = (r: { headers: Record<string, unknown>; body: string }) =>
  verify({
    secret: SECRET,
    header: r.headers['forewarn-signature'] as string,
    rawBody: r.body,
    now: new Date(),
  }).ok;

// Restarts and lease expiries on a busy shared machine outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

describe('delivery: retries and crashes never make a second delivery (integration)', () => {
  let env: TestEnv;
  let sink: SmtpSink;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let flaky: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let steady: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let producer: Producer;
  let publish: ReturnType<typeof publisher>;
  let db: pg.Pool;
  const running: RunningService<NotificationEnv>[] = [];

  const start = async (afterSend?: (g: SendGroup) => Promise<void>) => {
    const svc = await startNotification(
      env,
      { smtpPort: sink.port, twilioUrl: twilio.url },
      { ...(afterSend ? { afterSend } : {}), env: { DELIVERY_LEASE_MS: '1000' } },
    );
    running.push(svc);
    return svc;
  };
  const noticesOf = async (svc: RunningService, customerId: string) =>
    (await api(svc)<{ notices: NoticeView[] }>('GET', `/v1/notices?customerId=${customerId}`)).body
      .notices;
  const outboxTypes = async (noticeId: string) => {
    const { rows } = await db.query<{ value: Buffer }>(
      'SELECT value FROM notifications.outbox WHERE key = $1 ORDER BY id',
      [noticeId],
    );
    return rows.map((r) => decodeEvent(r.value).event.type);
  };
  const statusOf = async (customerId: string) =>
    (
      await db.query<{ status: string }>(
        'SELECT status FROM notifications.notices WHERE customer_id = $1',
        [customerId],
      )
    ).rows[0]?.status;

  /** A crash in the window between "the provider accepted it" and "we recorded that". */
  const crashOncePerNotice = () => {
    const crashed = new Set<string>();
    return async (g: SendGroup) => {
      const id = g.notices[0]!.notice_id;
      if (crashed.has(id)) return;
      crashed.add(id);
      throw Object.assign(new Error('killed between send and record'), { simulatedCrash: true });
    };
  };

  beforeAll(async () => {
    env = await createTestEnv('notification-delivery');
    sink = await startSmtpSink();
    twilio = await startFakeTwilio('AC_TEST', 'twilio-token');
    flaky = await startWebhookReceiver({ verify: validSignature, failFirst: 2 });
    steady = await startWebhookReceiver({ verify: validSignature });
    producer = env.kafka.producer();
    await producer.connect();
    publish = publisher(producer, env.prefix);
    db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    for (const svc of running) await svc.stop();
    await producer?.disconnect();
    await db?.end();
    await Promise.all([sink?.close(), twilio?.close(), flaky?.close(), steady?.close()]);
    await env?.cleanup();
  });

  it('a webhook that fails twice then succeeds gets exactly one delivery, validly signed', async () => {
    const svc = await start();
    const put = await api(svc)('PUT', '/v1/contacts/flaky-ops', {
      customerId: 'C-FLAKY',
      webhookUrl: `${flaky.url}/in`,
      webhookSecret: SECRET,
      email: 'fallback@flaky.example',
    });
    expect(put.status).toBe(200);
    await publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-FLAKY' } }));
    await eventually(async () => (await statusOf('C-FLAKY')) === 'sent' || undefined, {
      what: 'the notice sent after two failures',
    });

    expect(flaky.requests).toHaveLength(3);
    expect(flaky.processed.size).toBe(1);
    expect(flaky.rejected).toBe(0);
    const keys = new Set(flaky.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(validSignature(flaky.requests[2]!)).toBe(true);
    expect(sink.mails).toHaveLength(0); // no failover: the webhook recovered within its attempts

    const [notice] = await noticesOf(svc, 'C-FLAKY');
    expect(notice!.log.map((l) => [l.attempt, l.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'sent'],
    ]);
    await eventually(async () =>
      (await outboxTypes(notice!.noticeId)).length === 3 ? true : undefined,
    );
    expect(await outboxTypes(notice!.noticeId)).toEqual([
      'notification.failed',
      'notification.failed',
      'notification.sent',
    ]);
    await svc.stop();
  });

  it('killing the service between sending and recording does not deliver twice (webhook, then SMS)', async () => {
    // 1. A webhook notice is sent, and the worker dies before recording it.
    const crash = crashOncePerNotice();
    const first = await start(crash);
    await api(first)('PUT', '/v1/contacts/crash-hook', {
      customerId: 'C-CRASH',
      webhookUrl: `${steady.url}/in`,
      webhookSecret: SECRET,
      preferences: { channels: ['webhook'] },
    });
    await api(first)('PUT', '/v1/contacts/crash-sms', {
      customerId: 'C-CRASH-SMS',
      phone: '+15550123',
      preferences: { channels: ['sms'] },
    });
    await publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-CRASH' } }));
    await eventually(() => steady.requests.length === 1 || undefined, { what: 'the first send' });
    expect(await statusOf('C-CRASH')).toBe('sending');
    await first.stop();

    // 2. Restart: the stale `sending` notice is resent under the same Idempotency-Key.
    const second = await start(crash);
    await eventually(async () => (await statusOf('C-CRASH')) === 'sent' || undefined, {
      what: 'the recovered webhook notice',
    });
    expect(steady.requests).toHaveLength(2);
    expect(steady.requests[0]!.headers['idempotency-key']).toBe(
      steady.requests[1]!.headers['idempotency-key'],
    );
    expect(steady.processed.size).toBe(1);
    const [hook] = await noticesOf(second, 'C-CRASH');
    expect(hook!.log.map((l) => [l.kind, l.outcome])).toEqual([
      ['attempt', 'unknown'],
      ['recovery', 'resend_same_key'],
      ['attempt', 'sent'],
    ]);
    expect(await outboxTypes(hook!.noticeId)).toEqual(['notification.sent']);

    // 3. An SMS is sent and the worker dies again; Twilio has no idempotency key.
    await publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-CRASH-SMS' } }));
    await eventually(() => twilio.messages.length === 1 || undefined, { what: 'the SMS' });
    await second.stop();

    // 4. Restart: the SMS is `unknown`, Twilio's list says it went out, so it is recorded, not resent.
    const third = await start();
    await eventually(async () => (await statusOf('C-CRASH-SMS')) === 'sent' || undefined, {
      what: 'the SMS settled from the provider status',
    });
    expect(twilio.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const [sms] = await noticesOf(third, 'C-CRASH-SMS');
    expect(sms!.log.map((l) => [l.kind, l.outcome])).toEqual([
      ['attempt', 'unknown'],
      ['recovery', 'held_unknown'],
      ['recovery', 'sent'],
    ]);
    expect(sms!.log[2]!.providerMessageId).toBe(twilio.messages[0]!.sid);
    expect(await outboxTypes(sms!.noticeId)).toEqual(['notification.sent']);
  });

  it('resends on request under a new key, and takes bounces from the provider callback', async () => {
    const svc = running.at(-1)!;
    const [hook] = await noticesOf(svc, 'C-CRASH');
    const resend = await api(svc)('POST', `/v1/notices/${hook!.noticeId}/resend`);
    expect(resend.status).toBe(202);
    await eventually(() => steady.processed.size === 2 || undefined, { what: 'the resend' });
    expect(new Set(steady.requests.map((r) => r.headers['idempotency-key'])).size).toBe(2);

    const [sms] = await noticesOf(svc, 'C-CRASH-SMS');
    const form = new URLSearchParams({
      MessageSid: twilio.messages[0]!.sid,
      MessageStatus: 'undelivered',
      ErrorCode: '30005',
    });
    const callbackUrl = `${svc.url}/v1/callbacks/twilio`;
    const cb = await fetch(callbackUrl, {
      method: 'POST',
      headers: {
        'x-twilio-signature': twilioSignature('twilio-token', callbackUrl, new Map(form)),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    expect(await cb.json()).toEqual({ matched: 1 });
    const [after] = await noticesOf(svc, 'C-CRASH-SMS');
    expect(after!.noticeId).toBe(sms!.noticeId);
    expect(after!.status).toBe('bounced');
    expect(after!.log.at(-1)).toMatchObject({
      kind: 'callback',
      outcome: 'bounced',
      error: 'twilio error 30005',
    });
  });

  it('fails over to the next channel on a permanent refusal, and dead-letters when none is left', async () => {
    const svc = running.at(-1)!;
    const gone = await startHttpReceiver((_r, res) => void res.writeHead(410).end());
    try {
      await api(svc)('PUT', '/v1/contacts/moved-ops', {
        customerId: 'C-MOVED',
        webhookUrl: `${gone.url}/old`,
        webhookSecret: SECRET,
        email: 'ops@moved.example',
      });
      await api(svc)('PUT', '/v1/contacts/bounce-buyer', {
        customerId: 'C-BOUNCE',
        email: 'nobody@bounce.example',
      });
      sink.failNext(1, 550);
      await publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-BOUNCE' } }));
      await eventually(async () => (await statusOf('C-BOUNCE')) === 'dead' || undefined, {
        what: 'the dead letter',
      });
      await publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-MOVED' } }));
      await eventually(async () => (await statusOf('C-MOVED')) === 'sent' || undefined, {
        what: 'the failover',
      });

      expect(gone.requests).toHaveLength(1);
      const [moved] = await noticesOf(svc, 'C-MOVED');
      expect(moved!.log.map((l) => [l.channel, l.outcome])).toEqual([
        ['webhook', 'failed'],
        ['email', 'sent'],
      ]);
      expect(sink.mails.filter((m) => m.subject?.startsWith('Delivered'))).toHaveLength(1);
      const [dead] = await noticesOf(svc, 'C-BOUNCE');
      expect(dead!.log.map((l) => l.outcome)).toEqual(['dead_lettered']);
      expect(await outboxTypes(dead!.noticeId)).toEqual(['notification.failed']);
    } finally {
      await gone.close();
    }
  });
});
