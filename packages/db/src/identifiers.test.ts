import { describe, expect, it } from 'vitest';
import { advisoryLockKey, assertSchemaName, outboxChannel, qualify } from './identifiers.js';

describe('assertSchemaName', () => {
  it('accepts plain lowercase identifiers', () => {
    expect(assertSchemaName('order_service')).toBe('order_service');
    expect(assertSchemaName('_x1')).toBe('_x1');
  });

  it.each(['', 'Orders', '1orders', 'orders;drop', 'a b', '"x"', 'a'.repeat(49)])(
    'rejects %j',
    (name) => {
      expect(() => assertSchemaName(name)).toThrow(RangeError);
    },
  );
});

describe('qualify', () => {
  it('quotes schema and table, or only the table without a schema', () => {
    expect(qualify('orders', 'outbox')).toBe('"orders"."outbox"');
    expect(qualify(undefined, 'outbox')).toBe('"outbox"');
  });

  it('refuses a schema that is not a plain identifier', () => {
    expect(() => qualify('x"; drop table y; --', 'outbox')).toThrow(RangeError);
  });
});

describe('outboxChannel', () => {
  it('derives the channel from the schema', () => {
    expect(outboxChannel('orders')).toBe('orders_outbox');
  });
});

describe('advisoryLockKey', () => {
  it('is stable, a signed 64-bit integer, and differs by name', () => {
    const a = advisoryLockKey('migrate:orders');
    expect(advisoryLockKey('migrate:orders')).toBe(a);
    expect(advisoryLockKey('migrate:shipments')).not.toBe(a);
    const n = BigInt(a);
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
  });
});
