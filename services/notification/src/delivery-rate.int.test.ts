import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEnv } from './config.js';
import { startDeliveryFixture, type DeliveryFixture } from './test-support/delivery-fixture.js';
import { api, startNotification, testClock } from './test-support/harness.js';
import { noticeStatus } from './test-support/notice-status.js';

describe('delivery rate limits (integration)', () => {
  let fx: DeliveryFixture;
  let svc: RunningService<NotificationEnv> | undefined;

  beforeAll(async () => {
    fx = await startDeliveryFixture('notification-rate');
  });

  afterAll(async () => {
    await svc?.stop();
    await fx?.close();
  });

  it('refill per wall second, so a clock that stands still (the end of a simulated day) still drains', async () => {
    // Before: the buckets were judged on the service clock; standing still, they never refilled
    // after the first burst (2 per second, burst 4), and the other notices stayed pending.
    const stopped = testClock('2025-03-06T15:00:00Z');
    svc = await startNotification(
      fx.env,
      { smtpPort: fx.sink.port, twilioUrl: fx.twilio.url },
      { now: stopped.now, env: { RATE_EMAIL_PER_SECOND: '2' } },
    );
    for (const i of [1, 2, 3, 4, 5, 6, 7]) {
      await api(svc)('PUT', `/v1/contacts/rate-${i}`, {
        customerId: 'C-RATE',
        email: `buyer${i}@rate.example`,
        preferences: { channels: ['email'] },
      });
    }
    const started = Date.now();
    await fx.publish(sampleEvent('shipment.delivered', { payload: { customerId: 'C-RATE' } }));
    await eventually(noticeStatus(fx.db).allSent('C-RATE', 7), {
      what: 'seven notices sent on a clock that stands still',
      timeoutMs: 15_000,
    });
    // The limit still holds: 4 at once, then 2 per wall second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(fx.sink.mails.filter((m) => JSON.stringify(m.to).includes('rate.example'))).toHaveLength(
      7,
    );
  }, 40_000);
});
