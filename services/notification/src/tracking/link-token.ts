import { openToken, signToken } from '@forewarn/runtime/platform';
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

/** The kit's signed token around the JSON claims. */
export function signLink(secret: string, claims: LinkClaims): string {
  return signToken(secret, JSON.stringify(claimsSchema.parse(claims)));
}

/**
 * The claims of a genuine, unexpired token, else null: the caller answers every failure the
 * same way, so nobody learns which part (format, signature, expiry) was wrong.
 */
export function verifyLink(secret: string, token: string, now: Date): LinkClaims | null {
  const text = openToken(secret, token);
  if (text === null) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success || claims.data.exp * 1000 <= now.getTime()) return null;
  return claims.data as LinkClaims;
}
