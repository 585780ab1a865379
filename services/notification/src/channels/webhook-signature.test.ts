import { describe, expect, it } from 'vitest';
import { computeSignature, signatureHeaders, verifyWebhook } from './webhook-signature.js';

const secret = 'whsec_0123456789abcdef';
const body = '{"id":"n-1","type":"shipment.delayed"}';
const at = new Date('2025-03-06T08:00:00Z');

describe('webhook signatures', () => {
  const headers = signatureHeaders(secret, body, at);
  const header = headers['forewarn-signature'];

  it('signs HMAC-SHA256 over "timestamp.body" and says the timestamp in the header', () => {
    expect(headers['forewarn-timestamp']).toBe('1741248000');
    expect(header).toBe(`t=1741248000,v1=${computeSignature(secret, 1741248000, body)}`);
  });

  it('verifies a fresh, untouched request', () => {
    expect(
      verifyWebhook({ secret, header, rawBody: body, now: new Date(at.getTime() + 60_000) }),
    ).toEqual({
      ok: true,
      timestamp: 1741248000,
    });
  });

  it('refuses a changed body, another secret, and a malformed header', () => {
    expect(verifyWebhook({ secret, header, rawBody: body.replace('n-1', 'n-2'), now: at })).toEqual(
      {
        ok: false,
        reason: 'bad_signature',
      },
    );
    expect(verifyWebhook({ secret: 'other-secret-0000', header, rawBody: body, now: at }).ok).toBe(
      false,
    );
    expect(verifyWebhook({ secret, header: 'v1=abc', rawBody: body, now: at })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses a replay outside the tolerance window', () => {
    const later = new Date(at.getTime() + 301_000);
    expect(verifyWebhook({ secret, header, rawBody: body, now: later })).toEqual({
      ok: false,
      reason: 'outside_tolerance',
    });
    expect(
      verifyWebhook({ secret, header, rawBody: body, now: later, toleranceSeconds: 600 }).ok,
    ).toBe(true);
  });
});
