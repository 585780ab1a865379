import { encodeEvent, eventTypeByName, keyFor } from '@forewarn/contracts';
import { startService, type RunningService } from '@forewarn/runtime';
import { serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import type { NotificationEnv } from '../config.js';
import { createNotificationService, type NotificationOptions } from '../service.js';

export const KEYS = {
  staff: 'csr-console-key-000001',
  acme: 'acme-customer-key-00001',
  other: 'other-customer-key-0001',
  source: 'provider-callback-key-01',
};

/** A clock tests move by hand; the service, webhook signatures and receivers all read it. */
export function testClock(start: string | Date = new Date()) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at: string | Date) => void (t = new Date(at).getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

export interface Endpoints {
  smtpPort: number;
  twilioUrl: string;
}

/** Starts the real service against this test file's database and topic prefix. */
export function startNotification(
  env: TestEnv,
  ends: Endpoints,
  opts: NotificationOptions & { now?: () => Date; env?: Record<string, string> } = {},
): Promise<RunningService<NotificationEnv>> {
  const { now, env: extra, ...serviceOpts } = opts;
  return startService(createNotificationService(serviceOpts), {
    handleSignals: false,
    ...(now ? { now } : {}),
    env: serviceTestEnv(env, {
      SMTP_PORT: String(ends.smtpPort),
      TWILIO_BASE_URL: ends.twilioUrl,
      TWILIO_ACCOUNT_SID: 'AC_TEST',
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_FROM: '+15550009999',
      DELIVERY_POLL_MS: '100',
      // The tests' webhook receivers listen on loopback, which is refused unless allowed.
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1/32',
      DELIVERY_BACKOFF_INITIAL_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '400',
      API_KEYS: JSON.stringify([
        { key: KEYS.staff, role: 'csr', name: 'console' },
        { key: KEYS.acme, role: 'customer', customerId: 'C-ACME', name: 'acme-portal' },
        { key: KEYS.other, role: 'customer', customerId: 'C-OTHER' },
        { key: KEYS.source, role: 'source', sourceSystem: 'mail-relay' },
      ]),
      ...extra,
    }),
  });
}

/** Produces domain events, encoded and keyed as their emitters do, to the prefixed topics. */
export function publisher(producer: Producer, prefix: string) {
  return async (...events: { type: string; payload: object }[]) => {
    for (const e of events) {
      const topic = `${prefix}${eventTypeByName(e.type)!.topic}`;
      await producer.send({ topic, messages: [{ key: keyFor(e), value: encodeEvent(e) }] });
    }
  };
}

export function api(svc: RunningService, key: string = KEYS.staff) {
  return async <T = unknown>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}
