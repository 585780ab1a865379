import { frame } from '@forewarn/serde';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroCheckOf } from './avro-checks.js';
import { ContractError, decodeEvent, encodeEvent, validateEvent } from './codec.js';
import type { EventType } from './envelope.js';
import { samplesByType } from './fixtures/index.js';
import { eventTypeByName } from './registry.js';

const types = Object.keys(samplesByType) as (keyof typeof samplesByType)[];
const latest = (type: string) => eventTypeByName(type)!;
/** A sample as a consumer's avsc hands it over (records are avsc's, not plain objects). */
const avroValue = (t: EventType, event: unknown): unknown =>
  t.avro.fromBuffer(t.avro.toBuffer(event));

/** How decodeEvent read an Avro record before the compiled check: zod over avsc's value. */
function zodVerdict(t: EventType, body: Buffer) {
  const parsed = t.zod.safeParse(t.avro.fromBuffer(body));
  return parsed.success
    ? { ok: true as const, event: parsed.data }
    : {
        ok: false as const,
        problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`),
      };
}

function decodeVerdict(message: Buffer) {
  try {
    return { ok: true as const, event: decodeEvent(message).event };
  } catch (err) {
    if (!(err instanceof ContractError) || err.code !== 'invalid_event') throw err;
    return { ok: false as const, problems: [...err.problems] };
  }
}

type Path = (string | number)[];
/** The paths of a value's leaves (strings, numbers, booleans, nulls). */
function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}
function setAt(value: unknown, path: Path, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = setAt(copy[head!], rest, leaf);
  return copy;
}

/** Strings near the edges of the DSL's formats: ids, instants, dates, currencies, lengths. */
const TRICKY = [
  '',
  ' ',
  'a',
  ' a',
  'a ',
  'a b',
  '\t',
  'x'.repeat(200),
  'x'.repeat(201),
  '2025-03-06T08:00:00Z',
  '2025-03-06T08:00:00.123+02:00',
  '2025-03-06T08:00:00',
  '2025-03-06T08:00Z',
  '2025-03-06T24:00:00Z',
  '2025-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2025-03-06',
  '2025-13-01',
  '2025-3-6',
  'USD',
  'usd',
  'US',
  'EURO',
  'created',
  'in_transit',
  'email',
  'order.status-changed',
  'é',
];
const NUMBERS = [0, -1, 1, 2, 100, 2147483647, -2147483648, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1)];

const leafValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);

describe('the compiled check of Avro-decoded events (avro-checks.ts)', () => {
  it('knows every construct of every event type: each sample passes it as zod returns it', () => {
    for (const type of types) {
      const t = latest(type);
      const value = avroValue(t, samplesByType[type]());
      const checked = avroCheckOf(t.zod)(value);
      expect(checked, type).toBeDefined();
      expect(checked!.value, type).toStrictEqual(t.zod.parse(value));
    }
  });

  it('decodeEvent accepts and rejects exactly what zod over the Avro record did, with the same event or the same reasons', () => {
    const typeAndEdits = fc.constantFrom(...types).chain((type) => {
      const t = latest(type);
      const base = avroValue(t, samplesByType[type]()) as object;
      const paths = leaves(JSON.parse(JSON.stringify(base)));
      const edit = fc.tuple(fc.constantFrom(...paths), leafValue);
      return fc.record({
        type: fc.constant(type),
        edits: fc.array(edit, { maxLength: 4 }),
      });
    });
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(typeAndEdits, ({ type, edits }) => {
        const t = latest(type);
        let value: unknown = JSON.parse(JSON.stringify(samplesByType[type]()));
        // Only edits Avro can still write: the rest is the wire format's to refuse.
        for (const [path, leaf] of edits) {
          const next = setAt(value, path, leaf);
          if (t.avro.isValid(next)) value = next;
        }
        const body = t.avro.toBuffer(value);
        const want = zodVerdict(t, body);
        const got = decodeVerdict(frame(t.schemaId, body));
        expect(got).toStrictEqual(want);
        if (want.ok) accepted += 1;
        else rejected += 1;
      }),
      { numRuns: 1000, seed: 17 },
    );
    // Both sides of the property were exercised, not only one.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  }, 120_000);
});

describe('encodeEvent through the compiled check', () => {
  /** How encodeEvent wrote an event before the compiled check: zod's verdict, then Avro's. */
  function zodEncode(value: unknown) {
    const valid = validateEvent(value);
    if (!valid.ok) return { ok: false as const, problems: [...valid.problems] };
    try {
      const t = valid.eventType;
      return { ok: true as const, bytes: frame(t.schemaId, t.avro.toBuffer(valid.event)) };
    } catch (err) {
      return { ok: false as const, avro: (err as Error).message };
    }
  }
  function encodeVerdict(value: unknown) {
    try {
      return { ok: true as const, bytes: encodeEvent(value) };
    } catch (err) {
      if (err instanceof ContractError) return { ok: false as const, problems: [...err.problems] };
      return { ok: false as const, avro: (err as Error).message };
    }
  }
  const without = (value: unknown, path: Path): unknown => {
    if (path.length === 0) return value;
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as never)?.[k], value);
    if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) return value;
    const copy = JSON.parse(JSON.stringify(value)) as unknown;
    const target = path.slice(0, -1).reduce<unknown>((v, k) => (v as never)[k], copy);
    delete (target as Record<string, unknown>)[path[path.length - 1] as string];
    return copy;
  };

  it('writes exactly the bytes zod then Avro wrote, and refuses exactly what they refused, for the same reasons', () => {
    const typeAndEdits = fc.constantFrom(...types).chain((type) => {
      const base = JSON.parse(JSON.stringify(samplesByType[type]())) as object;
      const paths = leaves(base);
      const edit = fc.oneof(
        fc.tuple(fc.constantFrom(...paths), leafValue),
        // A field left out: optional ones stay out, required ones are refused.
        fc.tuple(fc.constantFrom(...paths), fc.constant('__delete__')),
        // A field no schema has: stripped, as zod strips it.
        fc.tuple(fc.constant(['extraField'] as Path), leafValue),
      );
      return fc.record({ type: fc.constant(type), edits: fc.array(edit, { maxLength: 4 }) });
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(typeAndEdits, ({ type, edits }) => {
        let value: unknown = JSON.parse(JSON.stringify(samplesByType[type]()));
        for (const [path, leaf] of edits)
          value = leaf === '__delete__' ? without(value, path) : setAt(value, path, leaf);
        const want = zodEncode(value);
        const got = encodeVerdict(value);
        expect(got).toStrictEqual(want);
        if (want.ok) accepted += 1;
        else refused += 1;
      }),
      { numRuns: 1500, seed: 23 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  }, 120_000);

  it('takes the compiled path for the samples, not zod', () => {
    for (const type of types) {
      const t = latest(type);
      const sample = samplesByType[type]();
      expect(avroCheckOf(t.zod)(sample), type).toBeDefined();
      expect(encodeEvent(sample), type).toStrictEqual(
        frame(t.schemaId, t.avro.toBuffer(t.zod.parse(sample))),
      );
    }
  });
});
