import { SIGNATURE_HEADER, sign } from '@forewarn/runtime/platform';
import { DeliveryError, retriableStatus, type ChannelProvider } from './provider.js';
import { postPinned } from './pinned-post.js';
import { resolveTarget, UnsafeTarget, type AllowRule, type Resolve } from './outbound-guard.js';

const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface WebhookOptions {
  /** The contact's shared secret; undefined refuses to send unsigned. */
  secretFor: (contactId: string) => Promise<string | undefined>;
  now: () => Date;
  /** Private addresses an operator lets webhooks reach (internal receivers); none by default. */
  allow?: readonly AllowRule[];
  timeoutMs?: number;
  resolve?: Resolve;
}

/** Only a code, never the address: the error is shown in the customer's delivery log. */
const networkCode = (err: unknown) =>
  (err as { code?: string }).code ?? (err as Error).name ?? 'error';

/**
 * POSTs the notice as JSON, signed, with `Idempotency-Key` so the receiver can drop a repeat
 * (after a crash between send and record we send again with the same key). The URL's host is
 * resolved and checked first (no private, loopback, link-local or metadata address unless the
 * operator allows it) and the connection goes to the checked address; redirects are not
 * followed and only the status code of the answer is kept.
 */
export function webhookProvider(opts: WebhookOptions): ChannelProvider {
  const allow = opts.allow ?? [];
  return {
    channel: 'webhook',
    dedupesByKey: true,
    async send(msg) {
      const secret = await opts.secretFor(msg.contactId);
      if (!secret) throw new DeliveryError('no webhook secret for this contact', false);
      let url: URL;
      try {
        url = new URL(msg.address);
      } catch {
        throw new DeliveryError('webhook URL is not a URL', false);
      }
      const [target] = await resolveTarget(url, allow, opts.resolve).catch((err: unknown) => {
        if (err instanceof UnsafeTarget) throw new DeliveryError(err.message, false);
        throw err;
      });
      const body = JSON.stringify(msg.payload);
      const status = await postPinned(url, target!, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'forewarn-notifications/1',
          [IDEMPOTENCY_HEADER]: msg.idempotencyKey,
          [SIGNATURE_HEADER]: sign(secret, body, opts.now()),
        },
        body,
        timeoutMs: opts.timeoutMs ?? 5_000,
      }).catch((err: unknown) => {
        throw new DeliveryError(`webhook unreachable (${networkCode(err)})`, true, { cause: err });
      });
      if (status >= 200 && status < 300) return { providerMessageId: msg.idempotencyKey };
      const redirect = status >= 300 && status < 400 ? ', redirects are not followed' : '';
      throw new DeliveryError(`webhook answered ${status}${redirect}`, retriableStatus(status));
    },
  };
}
