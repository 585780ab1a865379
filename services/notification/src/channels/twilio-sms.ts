import { DeliveryError, retriableStatus, type ChannelProvider } from './provider.js';

export interface TwilioOptions {
  /** https://api.twilio.com in production; a local server in tests. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  fetch?: typeof fetch;
}

interface TwilioMessage {
  sid: string;
  to: string;
  body: string;
  status: string;
  date_created?: string;
}

const FAILED = new Set(['failed', 'undelivered', 'canceled']);

/**
 * SMS through Twilio's Messages API: POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded,
 * basic auth. Twilio has no idempotency key, so every body ends with a short reference derived
 * from ours; `lookup` lists recent messages to the number and finds that reference.
 */
export function twilioSmsProvider(opts: TwilioOptions): ChannelProvider {
  const doFetch = opts.fetch ?? fetch;
  const base = `${opts.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${opts.accountSid}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const refOf = (key: string) => `ref ${key.slice(0, 8)}`;

  const call = async (url: string, init: RequestInit) => {
    const res = await doFetch(url, {
      ...init,
      headers: { authorization: auth, ...init.headers },
    }).catch((err: unknown) => {
      throw new DeliveryError(`twilio unreachable: ${(err as Error).message}`, true, {
        cause: err,
      });
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      throw new DeliveryError(
        `twilio ${res.status}: ${String(json.message ?? '')}`,
        retriableStatus(res.status),
      );
    }
    return json;
  };

  return {
    channel: 'sms',
    dedupesByKey: false,
    async send(msg) {
      const form = new URLSearchParams({
        To: msg.address,
        From: opts.from,
        Body: `${msg.rendered.sms} (${refOf(msg.idempotencyKey)})`,
      });
      const json = await call(base, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      return { providerMessageId: String(json.sid) };
    },
    async lookup(msg, since) {
      const q = new URLSearchParams({
        To: msg.address,
        'DateSent>': since.toISOString().slice(0, 10),
      });
      const json = await call(`${base}?${q}`, { method: 'GET' });
      const list = (json.messages ?? []) as TwilioMessage[];
      const ours = list.find(
        (m) => m.body.includes(refOf(msg.idempotencyKey)) && !FAILED.has(m.status),
      );
      return ours ? { status: 'sent', providerMessageId: ours.sid } : { status: 'not_sent' };
    },
  };
}
