import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  aftershipSignature,
  easypostSignature,
  karrioSignature,
  shippoSignature,
  verifyWebhook,
  type SignedRequest,
} from './signatures.js';

const body = '{"description":"tracker.updated","result":{"tracking_code":"1Z"}}';
const secret = 'whsec-0123456789abcdef';
const now = new Date('2025-03-04T15:22:10Z');
const req = (
  headers: Record<string, string>,
  query: Record<string, string> = {},
): SignedRequest => ({
  rawBody: body,
  headers,
  query,
  now,
  toleranceSeconds: 300,
});

describe('provider signature schemes', () => {
  it('EasyPost: hmac-sha256-hex= and the hex HMAC of the raw body under the NFKD-normalised secret', () => {
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(easypostSignature(secret, body)).toBe(`hmac-sha256-hex=${hex}`);
    // NFKD: a composed and a decomposed é sign alike.
    expect(easypostSignature('caf\u00e9-secret', body)).toBe(
      easypostSignature('cafe\u0301-secret', body),
    );
    expect(
      verifyWebhook(
        ['easypost-hmac'],
        req({ 'x-hmac-signature': `hmac-sha256-hex=${hex}` }),
        secret,
      ),
    ).toEqual({ ok: true });
    expect(
      verifyWebhook(
        ['easypost-hmac'],
        req({ 'x-hmac-signature': `hmac-sha256-hex=${hex.toUpperCase()}` }),
        secret,
      ),
    ).toEqual({ ok: true });
    expect(
      verifyWebhook(
        ['easypost-hmac'],
        req({ 'x-hmac-signature': `hmac-sha256-hex=${'0'.repeat(64)}` }),
        secret,
      ).ok,
    ).toBe(false);
    expect(verifyWebhook(['easypost-hmac'], req({}), secret)).toEqual({
      ok: false,
      detail: 'X-Hmac-Signature is missing',
    });
  });

  it('AfterShip: the base64 HMAC of the raw body', () => {
    const b64 = createHmac('sha256', secret).update(body).digest('base64');
    expect(aftershipSignature(secret, body)).toBe(b64);
    expect(
      verifyWebhook(['aftership-hmac'], req({ 'aftership-hmac-sha256': b64 }), secret),
    ).toEqual({ ok: true });
    expect(
      verifyWebhook(['aftership-hmac'], req({ 'aftership-hmac-sha256': b64 }), `${secret}x`).ok,
    ).toBe(false);
  });

  it('Karrio: the hex HMAC of the raw body in X-Karrio-Signature', () => {
    const sig = karrioSignature(secret, body);
    expect(verifyWebhook(['karrio-hmac'], req({ 'x-karrio-signature': sig }), secret)).toEqual({
      ok: true,
    });
    expect(
      verifyWebhook(
        ['karrio-hmac'],
        { ...req({ 'x-karrio-signature': sig }), rawBody: `${body} ` },
        secret,
      ).ok,
    ).toBe(false);
  });

  it('Shippo: t= and v1= over "t.body", refused when stale; or the URL token', () => {
    const t = Math.floor(now.getTime() / 1000);
    const header = shippoSignature(secret, body, t);
    expect(header).toBe(
      `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`,
    );
    expect(
      verifyWebhook(['shippo-hmac'], req({ 'shippo-auth-signature': header }), secret),
    ).toEqual({ ok: true });
    const stale = shippoSignature(secret, body, t - 3600);
    expect(
      verifyWebhook(['shippo-hmac'], req({ 'shippo-auth-signature': stale }), secret),
    ).toMatchObject({ ok: false, detail: expect.stringContaining('3600 s old') });
    expect(verifyWebhook(['shippo-hmac', 'url-token'], req({}, { token: secret }), secret)).toEqual(
      { ok: true },
    );
    const both = verifyWebhook(['shippo-hmac', 'url-token'], req({}, { token: 'guess' }), secret);
    expect(both).toEqual({
      ok: false,
      detail:
        'Shippo-Auth-Signature is missing; the token query parameter is not the configured token',
    });
  });
});
