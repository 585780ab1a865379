import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sign, verify } from './signing.js';

const at = new Date('2026-12-06T20:00:00Z');
const t = at.getTime() / 1000;

describe('sign', () => {
  it('is t=<unix s>,v1=<HMAC-SHA256 hex of "t.body">', () => {
    const v1 = createHmac('sha256', 's3cret').update(`${t}.{"a":1}`).digest('hex');
    expect(sign('s3cret', '{"a":1}', at)).toBe(`t=${t},v1=${v1}`);
  });
});

describe('verify', () => {
  it('accepts what sign produced, for any body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, secret) => {
        const header = sign(secret, body, at);
        expect(verify({ secret, header, rawBody: body, now: at })).toEqual({
          ok: true,
          timestamp: t,
        });
      }),
    );
  });

  it('refuses a changed body, another secret, and a garbled header', () => {
    const header = sign('k', 'body', at);
    const check = (h: string | undefined, body = 'body', secret = 'k') =>
      verify({ secret, header: h, rawBody: body, now: at });
    expect(check(header, 'bodY')).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(check(header, 'body', 'other')).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(check(undefined)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(check('sha256=00')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(check(header.replace(/v1=.*/, 'v1=zz'))).toMatchObject({ reason: 'malformed' });
  });

  it('refuses a genuine signature outside the tolerance window, either side', () => {
    const header = sign('k', 'body', at);
    const late = new Date(at.getTime() + 301_000);
    const early = new Date(at.getTime() - 301_000);
    const within = new Date(at.getTime() + 299_000);
    const check = (now: Date) => verify({ secret: 'k', header, rawBody: 'body', now });
    expect(check(late)).toMatchObject({ ok: false, reason: 'outside_tolerance' });
    expect(check(early)).toMatchObject({ ok: false, reason: 'outside_tolerance' });
    expect(check(within)).toMatchObject({ ok: true });
    expect(
      verify({ secret: 'k', header, rawBody: 'body', now: late, toleranceSeconds: 600 }),
    ).toMatchObject({ ok: true });
  });
});
