import { decodeEvent } from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from './config.js';
import { startDeliveryFixture, type DeliveryFixture } from './test-support/delivery-fixture.js';
import { api, startNotification } from './test-support/harness.js';
import { noticeStatus } from './test-support/notice-status.js';
import { startTcpCut, type TcpCut } from './test-support/tcp-cut.js';

const LEASE_MS = 800;
/** Longer than the lease and than the worker's first tries to record: the fault suite's 30 s, shrunk. */
const OUTAGE_MS = 5_000;

/**
 * The fault suite's "database down 30 s" in one process: the services reach PostgreSQL through
 * a TCP hop the test cuts at the moment the SMTP server has taken the first mail, before it
 * answers, so that mail is accepted while its record cannot be written.
 */
describe('delivery across a database outage: every notice mailed once (integration)', () => {
  let fx: DeliveryFixture;
  let hop: TcpCut;
  const running: RunningService<NotificationEnv>[] = [];

  const start = async (extra: Record<string, string> = {}) => {
    const svc = await startNotification(
      { ...fx.env, databaseUrl: hop.through(fx.env.databaseUrl) },
      { smtpPort: fx.sink.port, twilioUrl: fx.twilio.url },
      { env: { DELIVERY_LEASE_MS: String(LEASE_MS), ...extra } },
    );
    running.push(svc);
    return svc;
  };
  const stopAll = async () => {
    for (const svc of running.splice(0)) await svc.stop();
  };
  const sentEvents = async (customerId: string) => {
    const { rows } = await fx.db.query<{ value: Buffer }>(
      `SELECT o.value FROM notifications.outbox o JOIN notifications.notices n
         ON o.key = n.notice_id::text WHERE n.customer_id = $1`,
      [customerId],
    );
    return rows
      .map((r) => decodeEvent(r.value).event.type)
      .filter((t) => t === 'notification.sent');
  };
  const mailsTo = (domain: string) =>
    fx.sink.mails.filter((m) => JSON.stringify(m.to ?? '').includes(domain));

  /**
   * `count` email contacts of one customer get a notice each; the database goes away when the
   * first mail arrives and returns OUTAGE_MS later. Then every notice must be recorded sent,
   * mailed once and announced once, also after a lapsed lease had the time to be taken over.
   */
  const mailThroughOutage = async (svc: RunningService, tag: string, count: number) => {
    const customerId = `C-${tag.toUpperCase()}`;
    const domain = `${tag}.example`;
    for (let i = 1; i <= count; i++) {
      await api(svc)('PUT', `/v1/contacts/${tag}-${i}`, {
        customerId,
        email: `buyer${i}@${domain}`,
        preferences: { channels: ['email'] },
      });
    }
    let restored: Promise<void> | undefined;
    fx.sink.onAccept = async () => {
      if (restored || mailsTo(domain).length === 0) return;
      hop.cut();
      restored = new Promise((r) => setTimeout(r, OUTAGE_MS)).then(() => hop.restore());
    };
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId } }));
    await eventually(() => (restored ? true : undefined), { what: 'the first mail' });
    await restored;
    await eventually(noticeStatus(fx.db).allSent(customerId, count), {
      what: `${count} notice(s) recorded sent`,
      timeoutMs: 20_000,
    });
    await new Promise((r) => setTimeout(r, LEASE_MS * 3));

    const mails = mailsTo(domain);
    expect(mails).toHaveLength(count);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(count);
    expect(await sentEvents(customerId)).toHaveLength(count);
    await stopAll();
  };

  beforeAll(async () => {
    fx = await startDeliveryFixture('notification-outage');
    const target = new URL(fx.env.databaseUrl);
    hop = await startTcpCut({ host: target.hostname, port: Number(target.port || 5432) });
  });

  afterAll(async () => {
    await stopAll();
    await hop?.close();
    await fx?.close();
  });

  it('a mail the provider took while the database went away is recorded when it returns, never sent again', async () => {
    // Before: the record gave up after 4 tries, the lease ran out, recovery mailed it again.
    await mailThroughOutage(await start(), 'outage-one', 1);
  }, 60_000);

  it('sends waiting in a claimed batch are not made while the database is away, nor twice after', async () => {
    // Before: the batch's next groups went out during the outage, unrecorded, and again after.
    await mailThroughOutage(await start({ DELIVERY_CONCURRENCY: '1' }), 'outage-batch', 4);
  }, 60_000);

  it('with two instances, the one that sent records it: the other does not take over the lapsed lease', async () => {
    // Before: the other instance took the lapsed leases over as soon as the database returned.
    const a = await start();
    await start();
    await mailThroughOutage(a, 'outage-pair', 3);
  }, 60_000);
});
