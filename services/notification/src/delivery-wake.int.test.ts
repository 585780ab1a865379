import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryFixture, type DeliveryFixture } from './test-support/delivery-fixture.js';
import { api, startNotification } from './test-support/harness.js';
import { startHttpReceiver, type HttpReceiver } from './test-support/http-receiver.js';

const CONTACTS = 6;
/** Far longer than the test: a notice sent within it was claimed on a wake, not on a poll. */
const POLL_MS = 600_000;

/**
 * Issue 17: the delivery worker slept DELIVERY_POLL_MS (500 ms) between looks when idle, so each
 * notice the consumer committed waited for the next look, 250 ms on average (measured; more than
 * its send and record together). The consumer now wakes the channel's worker once its
 * transaction has committed. With a poll interval of ten minutes, every notice sent here was
 * claimed because of a wake: before the change none was sent (the first look, at start, finds
 * nothing, and the next is ten minutes away).
 */
describe('delivery: a committed notice wakes its channel worker (integration: broker, PostgreSQL, SMTP)', () => {
  let fx: DeliveryFixture;
  let svc: RunningService;
  let gone: HttpReceiver;

  beforeAll(async () => {
    fx = await startDeliveryFixture('notification-wake');
    // A customer endpoint that is gone for good: a permanent failure, so failover at once.
    gone = await startHttpReceiver((_req, res) => res.writeHead(410).end());
    svc = await startNotification(
      fx.env,
      { smtpPort: fx.sink.port, twilioUrl: fx.twilio.url },
      { env: { DELIVERY_POLL_MS: String(POLL_MS) } },
    );
    for (let i = 0; i < CONTACTS; i++) {
      const put = await api(svc)('PUT', `/v1/contacts/wake-${i}`, {
        customerId: `C-WAKE-${i}`,
        email: `buyer${i}@wake.example`,
      });
      expect(put.status).toBe(200);
    }
  });

  afterAll(async () => {
    await svc?.stop();
    await gone?.close();
    await fx?.close();
  });

  const delivered = (customers: string) => async () => {
    const { rows } = await fx.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM notifications.notices
       WHERE customer_id LIKE $1 GROUP BY status`,
      [customers],
    );
    return rows;
  };

  /** One shipment.delivered per contact, `waves` times, each wave after the previous was sent. */
  async function sendWaves(tag: string, waves: number) {
    for (let w = 1; w <= waves; w++) {
      for (let i = 0; i < CONTACTS; i++) {
        const refs = { customerId: `C-WAKE-${i}`, shipmentId: `S-${tag}-${w}-${i}` };
        await fx.publish(sampleEvent('shipment.delivered', { refs, payload: refs }));
      }
      const sent = [{ status: 'sent', n: w * CONTACTS }];
      // Generous for a loaded machine, yet a thirtieth of the poll interval.
      await eventually(
        async () =>
          JSON.stringify(await delivered('C-WAKE-%')()) === JSON.stringify(sent) || undefined,
        { what: `wave ${w}: ${w * CONTACTS} notices sent`, timeoutMs: 20_000 },
      );
    }
  }

  it('notices published after the worker went idle are sent without waiting for its poll', async () => {
    await sendWaves('a', 3);
    expect(fx.sink.mails).toHaveLength(3 * CONTACTS);
    const messageIds = new Set(fx.sink.mails.map((m) => m.messageId));
    expect(messageIds.size).toBe(3 * CONTACTS);
  });

  it('a failover at once wakes the next channel: a dead webhook falls over to email without a poll', async () => {
    const put = await api(svc)('PUT', '/v1/contacts/wake-gone', {
      customerId: 'C-GONE',
      webhookUrl: `${gone.url}/hooks`,
      webhookSecret: 'webhook-secret-for-tests',
      email: 'ops@gone.example',
    });
    expect(put.status).toBe(200);
    const refs = { customerId: 'C-GONE', shipmentId: 'S-GONE-1' };
    // Enterprise (the sample's tier): webhook first, email as its failover.
    await fx.publish(sampleEvent('shipment.delivered', { refs, payload: refs }));
    await eventually(
      async () =>
        JSON.stringify(await delivered('C-GONE')()) === '[{"status":"sent","n":1}]' || undefined,
      { what: 'the notice sent by email after the webhook refused it', timeoutMs: 20_000 },
    );
    expect(gone.requests).toHaveLength(1);
    expect(
      fx.sink.mails.filter((m) => m.to && JSON.stringify(m.to).includes('ops@gone')),
    ).toHaveLength(1);
  });
});
