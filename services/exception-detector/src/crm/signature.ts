import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Forewarn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the timestamp is
 * signed with the body so a receiver can refuse replays older than its tolerance.
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** What a receiver does: recompute and compare in constant time (used by the tests). */
export function verifyWebhook(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((p) => p.split('=', 2) as [string, string]),
  );
  const t = Number(parts['t']);
  if (!Number.isInteger(t) || !parts['v1']) return false;
  const expected = Buffer.from(signWebhook(secret, body, new Date(t * 1000)));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
