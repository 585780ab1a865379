import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'forewarn-signature';
export const TIMESTAMP_HEADER = 'forewarn-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Signatures older (or newer) than this are refused: a captured request cannot be replayed later. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** HMAC-SHA256, hex, over `${timestamp}.${body}` with the shared secret. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The headers a webhook request carries: `Forewarn-Signature: t=<unix s>,v1=<hex>`. */
export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const t = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(t),
    [SIGNATURE_HEADER]: `t=${t},v1=${computeSignature(secret, t, body)}`,
  };
}

export type Verification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'outside_tolerance' };

/**
 * The receiver's check (the documented recipe): parse t and v1 from the header, recompute the
 * HMAC over `${t}.${rawBody}` (the raw bytes as received, before any JSON parsing), compare in
 * constant time, and refuse timestamps outside the tolerance window.
 */
export function verifyWebhook(opts: {
  secret: string;
  header: string | undefined;
  rawBody: string;
  now: Date;
  toleranceSeconds?: number;
}): Verification {
  const parts = new Map(
    (opts.header ?? '').split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1))
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(computeSignature(opts.secret, t, opts.rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex')))
    return { ok: false, reason: 'bad_signature' };
  const skew = Math.abs(opts.now.getTime() / 1000 - t);
  if (skew > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'outside_tolerance' };
  }
  return { ok: true, timestamp: t };
}
