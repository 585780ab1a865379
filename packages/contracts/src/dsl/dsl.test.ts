import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import {
  array,
  bool,
  date,
  enumOf,
  id,
  instant,
  int,
  literal,
  long,
  money,
  optional,
  record,
  str,
  withDefault,
  type Spec,
} from './index.js';

const line = record('Line', {
  lineNo: int({ min: 1 }),
  sku: id(),
  price: money(),
  critical: bool(),
  note: optional(str()),
});

const order = record('Order', {
  kind: literal('order'),
  orderId: id(),
  total: money(),
  lines: array(line),
  status: enumOf('Status', ['open', 'shipped']),
  placedAt: instant(),
  due: date(),
  big: long(),
  tenant: withDefault(id(), 'default'),
  comment: optional(str()),
});

const valid = {
  kind: 'order',
  orderId: 'SO-1',
  total: { amountMinor: 12_345, currency: 'EUR' },
  lines: [
    { lineNo: 1, sku: 'A-1', price: { amountMinor: 12_345, currency: 'EUR' }, critical: true },
  ],
  status: 'open',
  placedAt: '2025-03-01T09:30:00+01:00',
  due: '2025-03-05',
  big: 2 ** 40,
};

function roundTrip<S extends Spec>(spec: S, value: unknown): unknown {
  const type = avro.Type.forSchema(spec.avro as avro.Schema);
  return type.fromBuffer(type.toBuffer(value));
}

describe('schema DSL', () => {
  it('gives values that survive Avro encoding and still satisfy zod', () => {
    const decoded = roundTrip(order, valid);
    const parsed = order.zod.parse(decoded);
    expect(parsed.lines[0]?.note).toBeNull();
    expect(parsed.comment).toBeNull();
    expect(parsed.tenant).toBe('default');
    expect(parsed.big).toBe(2 ** 40);
    expect(parsed.total).toEqual({ amountMinor: 12_345, currency: 'EUR' });
  });

  it('defines a reused named type once and references it afterwards', () => {
    const json = JSON.stringify(order.avro);
    expect(json.match(/"name":"Money"/g)).toHaveLength(1);
    expect(() => avro.Type.forSchema(order.avro as avro.Schema)).not.toThrow();
  });

  it('refuses two different shapes under one Avro name', () => {
    const other = record('Money', { cents: long() });
    expect(() => record('Bad', { a: money(), b: other })).toThrow(/Money is defined twice/);
  });

  it('makes optional fields null|x with default null and accepts absent or null in zod', () => {
    const spec = optional(str());
    expect(spec.avro).toEqual(['null', 'string']);
    expect(spec.avroDefault).toEqual({ value: null });
    expect(spec.zod.safeParse(undefined).success).toBe(true);
    expect(spec.zod.safeParse(null).success).toBe(true);
    expect(spec.zod.safeParse(3).success).toBe(false);
  });

  it.each([
    ['an instant without zone', { placedAt: '2025-03-01T09:30:00' }, 'placedAt'],
    ['a date with a time', { due: '2025-03-05T00:00:00Z' }, 'due'],
    ['a lower-case currency', { total: { amountMinor: 1, currency: 'eur' } }, 'total.currency'],
    [
      'a fractional minor amount',
      { total: { amountMinor: 1.5, currency: 'EUR' } },
      'total.amountMinor',
    ],
    ['an unknown enum symbol', { status: 'lost' }, 'status'],
    ['the wrong literal', { kind: 'invoice' }, 'kind'],
    ['an empty id', { orderId: '' }, 'orderId'],
    ['an id with surrounding spaces', { orderId: ' SO-1' }, 'orderId'],
    ['a line number of 0', { lines: [{ ...valid.lines[0], lineNo: 0 }] }, 'lines.0.lineNo'],
    [
      'a line number beyond int32',
      { lines: [{ ...valid.lines[0], lineNo: 2 ** 31 }] },
      'lines.0.lineNo',
    ],
    ['a long beyond safe integers', { big: 2 ** 60 }, 'big'],
  ])('rejects %s', (_what, patch, path) => {
    const result = order.zod.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('rejects a missing required field in both zod and Avro', () => {
    const { orderId: _omit, ...missing } = valid;
    expect(order.zod.safeParse(missing).success).toBe(false);
    expect(() => avro.Type.forSchema(order.avro as avro.Schema).toBuffer(missing)).toThrow();
  });

  it('puts defaults in the Avro schema so old data can be read', () => {
    const v1 = record('Thing', { a: str() });
    const v2 = record('Thing', {
      a: str(),
      tenant: withDefault(id(), 'default'),
      note: optional(str()),
    });
    const writer = avro.Type.forSchema(v1.avro as avro.Schema);
    const reader = avro.Type.forSchema(v2.avro as avro.Schema);
    const decoded = reader.fromBuffer(writer.toBuffer({ a: 'x' }), reader.createResolver(writer));
    expect(v2.zod.parse(decoded)).toEqual({ a: 'x', tenant: 'default', note: null });
  });

  it('refuses defaults that break their own schema and invalid Avro names', () => {
    expect(() => withDefault(id(), '')).toThrow(/does not satisfy/);
    expect(() => record('bad-name', {})).toThrow(/invalid Avro record name/);
    expect(() => enumOf('Reason', ['no-stock'])).toThrow(/symbol/);
    expect(() => optional(optional(str()))).toThrow(/optional/);
  });
});
