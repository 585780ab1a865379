import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-forewarn-signature';
export const TIMESTAMP_HEADER = 'x-forewarn-timestamp';
export const SOURCE_HEADER = 'x-forewarn-source';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`). */
export function sign(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; code: 'SIGNATURE_STALE' | 'SIGNATURE_INVALID' | 'SOURCE_UNKNOWN'; detail: string };

/**
 * Verifies a signed request. The timestamp (unix seconds) is inside the signed text and must be
 * within `toleranceSeconds` of now, so a captured request cannot be replayed later; a replay
 * inside the window is caught by event-id idempotency.
 */
export function verifySignature(x: {
  secret: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
  toleranceSeconds: number;
}): SignatureCheck {
  if (!x.secret)
    return {
      ok: false,
      code: 'SOURCE_UNKNOWN',
      detail: 'No signing secret is configured for this source.',
    };
  if (!x.timestamp || !/^\d{9,11}$/.test(x.timestamp)) {
    return {
      ok: false,
      code: 'SIGNATURE_INVALID',
      detail: `Send ${TIMESTAMP_HEADER} as unix seconds.`,
    };
  }
  const skew = Math.abs(x.now.getTime() / 1000 - Number(x.timestamp));
  if (skew > x.toleranceSeconds) {
    return {
      ok: false,
      code: 'SIGNATURE_STALE',
      detail: `The timestamp is ${Math.round(skew)} s away from now (limit ${x.toleranceSeconds} s).`,
    };
  }
  const expected = Buffer.from(sign(x.secret, x.timestamp, x.rawBody));
  const given = Buffer.from(x.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      code: 'SIGNATURE_INVALID',
      detail: 'The signature does not match the body and timestamp.',
    };
  }
  return { ok: true };
}
