import { decodeEvent } from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from './config.js';
import type { SendGroup } from './db/claim.js';
import type { NoticeView } from './db/notice-queries.js';
import { startDeliveryFixture, type DeliveryFixture } from './test-support/delivery-fixture.js';
import { api, startNotification } from './test-support/harness.js';
import { startHttpReceiver, type HttpReceiver } from './test-support/http-receiver.js';
import { noticeStatus } from './test-support/notice-status.js';

const SECRET = 'lease-test-webhook-secret';
const LEASE_MS = 800;

describe('delivery leases: one send per notice across instances, crashes and hung providers (integration)', () => {
  let fx: DeliveryFixture;
  const receivers: HttpReceiver[] = [];
  const running: RunningService<NotificationEnv>[] = [];

  const start = async (
    opts: { afterSend?: (g: SendGroup) => Promise<void>; twilioUrl?: string } = {},
    extra: Record<string, string> = {},
  ) => {
    const svc = await startNotification(
      fx.env,
      { smtpPort: fx.sink.port, twilioUrl: opts.twilioUrl ?? fx.twilio.url },
      {
        ...(opts.afterSend ? { afterSend: opts.afterSend } : {}),
        env: { DELIVERY_LEASE_MS: String(LEASE_MS), ...extra },
      },
    );
    running.push(svc);
    return svc;
  };
  const stopAll = async () => {
    for (const svc of running.splice(0)) await svc.stop();
  };
  /** A webhook endpoint that answers 200 only after `delayMs`: a slow but healthy receiver. */
  const slowReceiver = async (delayMs: number) => {
    const r = await startHttpReceiver(
      (_req, res) => void setTimeout(() => res.writeHead(200).end('{}'), delayMs),
    );
    receivers.push(r);
    return r;
  };
  const statuses = (customerId: string) => noticeStatus(fx.db).statuses(customerId);
  const allSent = (customerId: string, n: number) => noticeStatus(fx.db).allSent(customerId, n);
  const outboxTypes = async (noticeId: string) => {
    const { rows } = await fx.db.query<{ value: Buffer }>(
      'SELECT value FROM notifications.outbox WHERE key = $1 ORDER BY id',
      [noticeId],
    );
    return rows.map((r) => decodeEvent(r.value).event.type);
  };
  const webhookContact = (svc: RunningService, customerId: string, id: string, url: string) =>
    api(svc)('PUT', `/v1/contacts/${id}`, {
      customerId,
      webhookUrl: url,
      webhookSecret: SECRET,
      preferences: { channels: ['webhook'] },
    });

  beforeAll(async () => {
    fx = await startDeliveryFixture('notification-lease');
  });

  afterAll(async () => {
    await stopAll();
    await Promise.all(receivers.map((r) => r.close()));
    await fx?.close();
  });

  it('two instances racing for slow sends (each longer than the lease) send every notice once', async () => {
    const slow = await slowReceiver(LEASE_MS * 2.5);
    const a = await start();
    await start();
    for (let i = 0; i < 6; i++) {
      expect((await webhookContact(a, 'C-RACE', `race-${i}`, `${slow.url}/in`)).status).toBe(200);
    }
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-RACE' } }));
    await eventually(allSent('C-RACE', 6), { what: 'six notices sent', timeoutMs: 20_000 });
    // Give a wrongly expired lease the time to be taken over and sent a second time.
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));

    expect(slow.requests).toHaveLength(6);
    expect(new Set(slow.requests.map((r) => r.headers['idempotency-key'])).size).toBe(6);
    const { rows } = await fx.db.query<{ outcome: string; n: number }>(
      `SELECT l.outcome, count(*)::int AS n FROM notifications.delivery_log l
       JOIN notifications.notices n USING (notice_id) WHERE n.customer_id = 'C-RACE'
       GROUP BY l.outcome`,
    );
    expect(rows).toEqual([{ outcome: 'sent', n: 6 }]);
    await stopAll();
  }, 40_000);

  it('on compressed time (a simulated day at 4320×) a slow send keeps its lease: the lease is wall time', async () => {
    // The lease was once judged on the simulated clock: 800 ms lasted 0.2 wall ms at 4320×, so
    // every send in flight was taken over and sent again.
    const slow = await slowReceiver(LEASE_MS / 2);
    const fast = { CLOCK_SPEED: '4320' };
    const a = await start({}, fast);
    await start({}, fast);
    for (let i = 0; i < 4; i++) {
      expect((await webhookContact(a, 'C-FAST', `fast-${i}`, `${slow.url}/in`)).status).toBe(200);
    }
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-FAST' } }));
    await eventually(allSent('C-FAST', 4), { what: 'four notices sent', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
    expect(slow.requests).toHaveLength(4);
    await stopAll();
  }, 40_000);

  it('a worker killed mid-send is taken over only after its lease expired, under the same key', async () => {
    const hook = await startHttpReceiver((_r, res) => void res.writeHead(200).end('{}'));
    receivers.push(hook);
    const crashed = new Set<string>();
    const dying = await start({
      afterSend: async (g) => {
        const id = g.notices[0]!.notice_id;
        if (crashed.has(id)) return;
        crashed.add(id);
        throw Object.assign(new Error('killed between send and record'), { simulatedCrash: true });
      },
    });
    await webhookContact(dying, 'C-KILLED', 'killed-hook', `${hook.url}/in`);
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-KILLED' } }));
    await eventually(() => hook.requests.length === 1 || undefined, { what: 'the first send' });
    const firstAt = Date.now();
    expect(await statuses('C-KILLED')).toEqual(['sending']);

    // Another instance, already up, takes it over once the lease ran out (no heartbeat).
    await start();
    await eventually(allSent('C-KILLED', 1), { what: 'the taken-over notice' });
    expect(hook.requests).toHaveLength(2);
    const [first, second] = hook.requests.map((r) => r.headers['idempotency-key']);
    expect(second).toBe(first);
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(LEASE_MS * 0.9);
    await stopAll();
  }, 40_000);

  it('a send whose record fails is settled as sent and never sent again (email, same Message-ID)', async () => {
    const failing = new Set<string>();
    const svc = await start({
      afterSend: async (g) => {
        if (g.notices[0]!.customer_id !== 'C-NORECORD') return;
        failing.add(g.notices[0]!.notice_id);
        throw new Error('connection terminated while recording');
      },
    });
    await api(svc)('PUT', '/v1/contacts/norecord', {
      customerId: 'C-NORECORD',
      email: 'buyer@norecord.example',
      preferences: { channels: ['email'] },
    });
    const before = fx.sink.mails.length;
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-NORECORD' } }));
    await eventually(allSent('C-NORECORD', 1), { what: 'the notice settled as sent' });
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));

    const mails = fx.sink.mails.slice(before);
    expect(mails).toHaveLength(1);
    expect(failing.size).toBe(1);
    const [notice] = (
      await api(svc)<{ notices: NoticeView[] }>('GET', '/v1/notices?customerId=C-NORECORD')
    ).body.notices;
    expect(notice!.log[1]!.providerMessageId).toBe(mails[0]!.messageId);
    expect(notice!.log.map((l) => [l.kind, l.outcome])).toEqual([
      ['attempt', 'unknown'],
      ['recovery', 'sent'],
    ]);
    expect(await outboxTypes(notice!.noticeId)).toEqual(['notification.sent']);
    await stopAll();
  }, 40_000);

  it('a database that refuses the record after an accepted send: held as sent-unrecorded, one mail', async () => {
    const svc = await start();
    // A real refusal from PostgreSQL, not a hook: every write of `sent` fails until it is lifted.
    await fx.db.query(`
      CREATE FUNCTION notifications.refuse_sent() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
      CREATE TRIGGER refuse_sent BEFORE UPDATE ON notifications.notices FOR EACH ROW
        WHEN (NEW.status = 'sent' AND NEW.customer_id = 'C-DBDOWN')
        EXECUTE FUNCTION notifications.refuse_sent();`);
    try {
      await api(svc)('PUT', '/v1/contacts/dbdown', {
        customerId: 'C-DBDOWN',
        email: 'buyer@dbdown.example',
        preferences: { channels: ['email'] },
      });
      const before = fx.sink.mails.length;
      await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-DBDOWN' } }));
      const held = await eventually(
        async () =>
          (
            await fx.db.query<{ accepted_at: Date | null }>(
              `SELECT accepted_at FROM notifications.notices
               WHERE customer_id = 'C-DBDOWN' AND status = 'unknown'`,
            )
          ).rows[0]?.accepted_at ?? undefined,
        { what: 'the notice held as sent-unrecorded' },
      );
      expect(held).toBeInstanceOf(Date);
      await new Promise((r) => setTimeout(r, LEASE_MS * 2));
      expect(fx.sink.mails.length - before).toBe(1);
    } finally {
      await fx.db.query('DROP TRIGGER refuse_sent ON notifications.notices');
      await fx.db.query('DROP FUNCTION notifications.refuse_sent()');
    }
    await eventually(allSent('C-DBDOWN', 1), {
      what: 'the notice recorded once the database heals',
    });
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
    const mails = fx.sink.mails.filter((m) => m.to && JSON.stringify(m.to).includes('dbdown'));
    expect(mails).toHaveLength(1);
    await stopAll();
  }, 40_000);

  it('an SMS provider that never answers stalls only SMS: email goes out within seconds', async () => {
    const hung = await startHttpReceiver(() => {
      /* never answers */
    });
    receivers.push(hung);
    const svc = await start({ twilioUrl: hung.url }, { DELIVERY_TIMEOUT_SMS_MS: '10000' });
    await api(svc)('PUT', '/v1/contacts/hung-sms', {
      customerId: 'C-HUNG-SMS',
      phone: '+15550177',
      preferences: { channels: ['sms'] },
    });
    await api(svc)('PUT', '/v1/contacts/flowing-email', {
      customerId: 'C-FLOWING',
      email: 'ops@flowing.example',
      preferences: { channels: ['email'] },
    });
    const before = fx.sink.mails.length;
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-HUNG-SMS' } }));
    await eventually(() => hung.requests.length === 1 || undefined, { what: 'the hung SMS call' });
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-FLOWING' } }));
    await eventually(allSent('C-FLOWING', 1), { what: 'the email', timeoutMs: 9_000 });
    expect(fx.sink.mails.length - before).toBe(1);
    // The email went out while the SMS still hung: it did not wait for the SMS's timeout.
    expect(await statuses('C-HUNG-SMS')).toEqual(['sending']);

    // At its timeout the SMS may have gone out: unknown, settled by status, never resent blind.
    await eventually(async () => (await statuses('C-HUNG-SMS'))[0] === 'unknown' || undefined, {
      what: 'the timed-out SMS held as unknown',
    });
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
    expect(hung.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await stopAll();
  }, 60_000);
});
