import { DeliveryError, retriableStatus, type ChannelProvider } from './provider.js';
import { IDEMPOTENCY_HEADER, signatureHeaders } from './webhook-signature.js';

export interface WebhookOptions {
  /** The contact's shared secret; undefined refuses to send unsigned. */
  secretFor: (contactId: string) => Promise<string | undefined>;
  now: () => Date;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * POSTs the notice as JSON, signed, with `Idempotency-Key` so the receiver can drop a repeat
 * (after a crash between send and record we send again with the same key).
 */
export function webhookProvider(opts: WebhookOptions): ChannelProvider {
  const doFetch = opts.fetch ?? fetch;
  return {
    channel: 'webhook',
    dedupesByKey: true,
    async send(msg) {
      const secret = await opts.secretFor(msg.contactId);
      if (!secret) throw new DeliveryError(`no webhook secret for ${msg.address}`, false);
      const body = JSON.stringify(msg.payload);
      const res = await doFetch(msg.address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'forewarn-notifications/1',
          [IDEMPOTENCY_HEADER]: msg.idempotencyKey,
          ...signatureHeaders(secret, body, opts.now()),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      }).catch((err: unknown) => {
        throw new DeliveryError(`webhook unreachable: ${(err as Error).message}`, true, {
          cause: err,
        });
      });
      await res.body?.cancel();
      if (res.ok)
        return { providerMessageId: res.headers.get('x-request-id') ?? msg.idempotencyKey };
      throw new DeliveryError(`webhook answered ${res.status}`, retriableStatus(res.status));
    },
  };
}
