import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How each provider signs its webhook calls, one small function per scheme. A provider entry in
 * carrier-webhooks.json names its schemes; a new provider with a known scheme needs no code.
 * Every comparison is constant-time over digests of equal length, so neither the content nor
 * the length of the expected value leaks.
 */

export interface SignedRequest {
  rawBody: string;
  /** Header names lower-cased, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  now: Date;
  toleranceSeconds: number;
}

export type SchemeCheck = { ok: true } | { ok: false; detail: string };
type Scheme = (req: SignedRequest, secret: string) => SchemeCheck;

const hmac = (secret: string | Buffer, text: string) =>
  createHmac('sha256', secret).update(text, 'utf8');

/** Constant-time equality of two strings of any length. */
export function sameText(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one?.trim() || undefined;
}

const absent = (what: string): SchemeCheck => ({ ok: false, detail: `${what} is missing` });
const mismatch = (what: string): SchemeCheck => ({
  ok: false,
  detail: `${what} does not match the body and the configured secret`,
});

/** EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(NFKD(secret), body)>`. */
export function easypostSignature(secret: string, rawBody: string): string {
  return `hmac-sha256-hex=${hmac(Buffer.from(secret.normalize('NFKD'), 'utf8'), rawBody).digest('hex')}`;
}

/** AfterShip tracking: `aftership-hmac-sha256: <base64 HMAC-SHA256(secret, body)>`. */
export function aftershipSignature(secret: string, rawBody: string): string {
  return hmac(secret, rawBody).digest('base64');
}

/** Karrio: `X-Karrio-Signature: <hex HMAC-SHA256(secret, body)>`. */
export function karrioSignature(secret: string, rawBody: string): string {
  return hmac(secret, rawBody).digest('hex');
}

/** Shippo (HMAC provisioned by Shippo): `Shippo-Auth-Signature: t=<unix>,v1=<hex HMAC(t.body)>`. */
export function shippoSignature(secret: string, rawBody: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${rawBody}`).digest('hex')}`;
}

export const SIGNATURE_SCHEMES = {
  'easypost-hmac': (req, secret) => {
    const given = header(req, 'x-hmac-signature');
    if (!given) return absent('X-Hmac-Signature');
    return sameText(given.toLowerCase(), easypostSignature(secret, req.rawBody))
      ? { ok: true }
      : mismatch('X-Hmac-Signature');
  },
  'aftership-hmac': (req, secret) => {
    const given = header(req, 'aftership-hmac-sha256');
    if (!given) return absent('aftership-hmac-sha256');
    return sameText(given, aftershipSignature(secret, req.rawBody))
      ? { ok: true }
      : mismatch('aftership-hmac-sha256');
  },
  'karrio-hmac': (req, secret) => {
    const given = header(req, 'x-karrio-signature');
    if (!given) return absent('X-Karrio-Signature');
    return sameText(given.toLowerCase(), karrioSignature(secret, req.rawBody))
      ? { ok: true }
      : mismatch('X-Karrio-Signature');
  },
  'shippo-hmac': (req, secret) => {
    const given = header(req, 'shippo-auth-signature');
    if (!given) return absent('Shippo-Auth-Signature');
    const fields = Object.fromEntries(
      given.split(',').map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
      }),
    );
    const t = fields.t ?? '';
    if (!/^\d{9,11}$/.test(t))
      return { ok: false, detail: 'Shippo-Auth-Signature has no t=<unix seconds>' };
    const skew = Math.abs(req.now.getTime() / 1000 - Number(t));
    if (skew > req.toleranceSeconds)
      return {
        ok: false,
        detail: `Shippo-Auth-Signature is ${Math.round(skew)} s old (limit ${req.toleranceSeconds} s)`,
      };
    return sameText(
      `t=${t},v1=${(fields.v1 ?? '').toLowerCase()}`,
      shippoSignature(secret, req.rawBody, Number(t)),
    )
      ? { ok: true }
      : mismatch('Shippo-Auth-Signature');
  },
  /** Shippo's self-serve option: a token of the receiver's choosing in the URL (`?token=`). */
  'url-token': (req, secret) => {
    const given = req.query.token;
    if (!given) return absent('the token query parameter');
    return sameText(given, secret)
      ? { ok: true }
      : { ok: false, detail: 'the token query parameter is not the configured token' };
  },
} satisfies Record<string, Scheme>;

export type SignatureScheme = keyof typeof SIGNATURE_SCHEMES;
export const SCHEME_NAMES = Object.keys(SIGNATURE_SCHEMES) as [
  SignatureScheme,
  ...SignatureScheme[],
];

/** Accepts the request when any of the provider's schemes holds; otherwise says why each failed. */
export function verifyWebhook(
  schemes: readonly SignatureScheme[],
  req: SignedRequest,
  secret: string,
): SchemeCheck {
  const failures: string[] = [];
  for (const name of schemes) {
    const check = SIGNATURE_SCHEMES[name](req, secret);
    if (check.ok) return check;
    failures.push(check.detail);
  }
  return { ok: false, detail: failures.join('; ') };
}
