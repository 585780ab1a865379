import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signLink, verifyLink, type LinkClaims } from './link-token.js';

const SECRET = 'tracking-secret-for-tests-0123456789';
const now = new Date('2026-03-01T12:00:00Z');
const claims: LinkClaims = {
  orderId: 'SO-1001',
  customerId: 'C-100',
  contactId: 'K-1',
  lang: 'fr',
  exp: Math.floor(now.getTime() / 1000) + 3600,
};

describe('tracking link tokens', () => {
  it('opens what it was signed for', () => {
    expect(verifyLink(SECRET, signLink(SECRET, claims), now)).toEqual(claims);
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyLink(SECRET, signLink('another-secret-0123456789', claims), now)).toBeNull();
  });

  it('refuses a token from the moment it expires', () => {
    const token = signLink(SECRET, claims);
    expect(verifyLink(SECRET, token, new Date(claims.exp * 1000 - 1))).not.toBeNull();
    expect(verifyLink(SECRET, token, new Date(claims.exp * 1000))).toBeNull();
  });

  it('refuses claims swapped in under a valid signature', () => {
    const [, sig] = signLink(SECRET, claims).split('.');
    const other = Buffer.from(JSON.stringify({ ...claims, orderId: 'SO-2002' })).toString(
      'base64url',
    );
    expect(verifyLink(SECRET, `${other}.${sig}`, now)).toBeNull();
  });

  it('refuses any token with one character changed, added or removed', () => {
    const token = signLink(SECRET, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet),
        fc.constantFrom('replace', 'insert', 'delete'),
        (i, ch, op) => {
          const tampered =
            op === 'replace'
              ? token.slice(0, i) + ch + token.slice(i + 1)
              : op === 'insert'
                ? token.slice(0, i) + ch + token.slice(i)
                : token.slice(0, i) + token.slice(i + 1);
          fc.pre(tampered !== token);
          expect(verifyLink(SECRET, tampered, now)).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(verifyLink(SECRET, s, now)).toBeNull();
      }),
    );
  });
});
