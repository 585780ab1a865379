import { createHmac, timingSafeEqual } from 'node:crypto';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Twilio's request signature: HMAC-SHA1 with the account's auth token over the full URL Twilio
 * called followed by every POST parameter, sorted by name, as name + value; base64.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyMap<string, string>,
): string {
  const names = [...params.keys()].sort();
  const data = url + names.map((n) => n + params.get(n)).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(
  authToken: string | undefined,
  url: string,
  params: ReadonlyMap<string, string>,
  presented: string | string[] | undefined,
): boolean {
  if (!authToken || typeof presented !== 'string' || presented === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
