import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What a tracking link grants: one customer's view of one order, in one language, until `exp`.
 * The platform kit's signature (`t=…,v1=…`) signs request bodies with a replay window of
 * minutes; a link lives for weeks inside an email, so it carries its own expiry instead.
 */
export interface LinkClaims {
  orderId: string;
  customerId: string;
  contactId?: string;
  lang: string;
  /** Unix seconds after which the link no longer opens anything. */
  exp: number;
}

const claimsSchema = z.strictObject({
  orderId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(200),
  contactId: z.string().min(1).max(200).optional(),
  lang: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/),
  exp: z.number().int().positive(),
});

const mac = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

/** `base64url(JSON claims).base64url(HMAC-SHA256(secret, first part))`. */
export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claimsSchema.parse(claims))).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a genuine, unexpired token, else null: the caller answers every failure the
 * same way, so nobody learns which part (format, signature, expiry) was wrong.
 */
export function verifyLink(secret: string, token: string, now: Date): LinkClaims | null {
  if (token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  // Re-encoding must give back the same text: otherwise two spellings of one signature exist.
  if (given.toString('base64url') !== sig) return null;
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success || claims.data.exp * 1000 <= now.getTime()) return null;
  return claims.data as LinkClaims;
}
