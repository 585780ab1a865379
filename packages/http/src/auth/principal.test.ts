import { describe, expect, it } from 'vitest';
import { AppError } from '@forewarn/platform';
import { apiKeysFromJson, canSeeCustomer, scopeToCustomer, type Principal } from './principal.js';

const acme: Principal = { role: 'customer', customerId: 'C-ACME' };
const csr: Principal = { role: 'csr' };
const source: Principal = { role: 'source', sourceSystem: 'wms-east' };

function refused(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.kind} ${err.code}`;
    throw err;
  }
  return undefined;
}

describe('scopeToCustomer', () => {
  it('pins a customer key to its own customer', () => {
    expect(scopeToCustomer(acme)).toBe('C-ACME');
    expect(scopeToCustomer(acme, 'C-ACME')).toBe('C-ACME');
  });

  it('answers a customer key naming another customer as not found, whether it exists or not', () => {
    expect(refused(() => scopeToCustomer(acme, 'C-GLOBEX'))).toBe('NOT_FOUND CUSTOMER_NOT_FOUND');
    expect(refused(() => scopeToCustomer(acme, 'C-NOBODY'))).toBe('NOT_FOUND CUSTOMER_NOT_FOUND');
  });

  it('fails closed for a customer key without a customer', () => {
    expect(refused(() => scopeToCustomer({ role: 'customer' }))).toBe(
      'FORBIDDEN CUSTOMER_OUT_OF_SCOPE',
    );
  });

  it('lets everyone else see all customers or the one they ask for', () => {
    expect(scopeToCustomer(csr)).toBeUndefined();
    expect(scopeToCustomer(csr, 'C-GLOBEX')).toBe('C-GLOBEX');
    expect(scopeToCustomer({ role: 'executive' })).toBeUndefined();
    expect(scopeToCustomer(source, 'C-ACME')).toBe('C-ACME');
  });
});

describe('canSeeCustomer', () => {
  it('checks a loaded resource against the principal', () => {
    expect(canSeeCustomer(acme, 'C-ACME')).toBe(true);
    expect(canSeeCustomer(acme, 'C-GLOBEX')).toBe(false);
    expect(canSeeCustomer({ role: 'customer' }, 'C-ACME')).toBe(false);
    expect(canSeeCustomer({ role: 'admin' }, 'C-GLOBEX')).toBe(true);
  });
});

describe('apiKeysFromJson', () => {
  it('parses a JSON list of keys', () => {
    const raw = JSON.stringify([
      { key: 'k'.repeat(20), role: 'customer', customerId: 'C-1', name: 'portal' },
      { key: 'w'.repeat(20), role: 'source', sourceSystem: 'wms' },
    ]);
    expect(apiKeysFromJson.parse(raw)).toEqual([
      { key: 'k'.repeat(20), role: 'customer', customerId: 'C-1', name: 'portal' },
      { key: 'w'.repeat(20), role: 'source', sourceSystem: 'wms' },
    ]);
  });

  it('lists every problem with the configuration', () => {
    const raw = JSON.stringify([
      { key: 'short', role: 'csr' },
      { key: 'c'.repeat(20), role: 'customer' },
      { key: 's'.repeat(20), role: 'source' },
      { key: 'x'.repeat(20), role: 'janitor' },
    ]);
    const result = apiKeysFromJson.safeParse(raw);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['0.key', '1.customerId', '2.sourceSystem', '3.role']),
    );
  });

  it('rejects malformed JSON and duplicate keys', () => {
    expect(apiKeysFromJson.safeParse('[{').success).toBe(false);
    const dup = { key: 'd'.repeat(20), role: 'csr' };
    expect(apiKeysFromJson.safeParse(JSON.stringify([dup, dup])).success).toBe(false);
  });
});
