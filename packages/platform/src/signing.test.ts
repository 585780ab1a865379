import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openToken, sign, signToken, verify } from './signing.js';

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

describe('signed tokens', () => {
  it('opens what the same secret signed, and nothing else', () => {
    const token = signToken('s3cret', '{"orderId":"SO-1"}');
    expect(openToken('s3cret', token)).toBe('{"orderId":"SO-1"}');
    expect(openToken('other', token)).toBeNull();
    const [payload, sig] = token.split('.') as [string, string];
    const forged = Buffer.from('{"orderId":"SO-2"}').toString('base64url');
    expect(openToken('s3cret', `${forged}.${sig}`)).toBeNull();
    expect(openToken('s3cret', `${payload}.${sig}.x`)).toBeNull();
    expect(openToken('s3cret', payload)).toBeNull();
  });

  it('refuses a second spelling of the same signature and overlong tokens', () => {
    const token = signToken('k', 'x'.repeat(10));
    // base64url of 32 bytes ends in a character with 2 unused bits: flipping them keeps the bytes.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(Buffer.from(token.split('.')[1]!.slice(0, -1) + twin, 'base64url')).toEqual(
      Buffer.from(token.split('.')[1]!, 'base64url'),
    );
    expect(openToken('k', token.slice(0, -1) + twin)).toBeNull();
    expect(openToken('k', signToken('k', 'y'.repeat(3000)))).toBeNull();
  });
});
