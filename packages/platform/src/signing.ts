import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one signature Forewarn puts on what it sends and checks on what its sources send:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is signed
 * with the body so a receiver can refuse a captured request replayed later. Providers' own
 * schemes (Twilio, carrier aggregators) are adapters beside their channels, not this.
 */
export const SIGNATURE_HEADER = 'forewarn-signature';
/** Signatures older (or newer) than this are refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

/** The signature header value for `body` sent at `at`. */
export function sign(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

export type Verification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'outside_tolerance'; detail: string };

/**
 * The receiver's check: parse t and v1, recompute the HMAC over the raw bytes as received
 * (before any JSON parsing), compare in constant time, refuse timestamps outside the window.
 */
export function verify(opts: {
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
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) {
    return { ok: false, reason: 'malformed', detail: 'Expected t=<unix seconds>,v1=<hex>.' };
  }
  const expected = Buffer.from(hmac(opts.secret, t, opts.rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) {
    return {
      ok: false,
      reason: 'bad_signature',
      detail: 'The signature does not match the body and timestamp.',
    };
  }
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const skew = Math.abs(opts.now.getTime() / 1000 - t);
  if (skew > tolerance) {
    return {
      ok: false,
      reason: 'outside_tolerance',
      detail: `The timestamp is ${Math.round(skew)} s away from now (limit ${tolerance} s).`,
    };
  }
  return { ok: true, timestamp: t };
}

/**
 * A signed token: `base64url(text).base64url(HMAC-SHA256(secret, first part))`. For claims that
 * travel inside a URL for weeks (a tracking link), where a request signature's replay window of
 * minutes does not fit: the claims carry their own expiry, checked by the caller.
 */
export function signToken(secret: string, text: string): string {
  const payload = Buffer.from(text).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/**
 * The text of a token this secret signed, else null. Only one spelling of a signature is
 * accepted (re-encoding must give it back), the comparison is constant-time, and nothing tells
 * the caller which part was wrong.
 */
export function openToken(secret: string, token: string, maxLength = 2048): string | null {
  if (token.length > maxLength) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  if (given.toString('base64url') !== sig) return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Buffer.from(payload, 'base64url').toString('utf8');
}
