import fc from 'fast-check';

/** Property names that reach Object.prototype when used as a plain lookup key. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf'];

/** What a field of an input should never hold: other types, huge and odd strings, prototype names. */
export const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}, '', 'x'.repeat(300_000)),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
);

/** One edit of a JSON document: a field (picked by `at` among all, any depth) dropped, renamed, retyped, or one added. */
export interface JsonEdit {
  kind: 'drop' | 'rename' | 'retype' | 'add';
  at: number;
  value: unknown;
  name: string;
}

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  kind: fc.constantFrom('drop' as const, 'rename' as const, 'retype' as const, 'add' as const),
  at: fc.nat(),
  value: strangeValue,
  name: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })),
});

/** 1 to 3 edits. */
export const jsonEdits = fc.array(jsonEdit, { minLength: 1, maxLength: 3 });

type Json = Record<string, unknown>;

function fieldsOf(v: unknown, out: [Json, string][] = []): [Json, string][] {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([v as Json, k]);
      fieldsOf((v as Json)[k], out);
    }
  }
  return out;
}

/** Sets an own property, even `__proto__`, so it goes on the wire as a plain JSON key. */
const setOwn = (o: Json, k: string, value: unknown) =>
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });

/**
 * A valid document with the edits applied, as JSON text (a `__proto__` key stays a key): the
 * input of fuzz tests that mutate contract examples rather than generate noise.
 */
export function mutateJson(valid: unknown, edits: readonly JsonEdit[]): string {
  const doc = structuredClone(valid) as Json;
  for (const e of edits) {
    const fields = fieldsOf(doc);
    if (fields.length === 0) break;
    const [obj, key] = fields[e.at % fields.length]!;
    const was = obj[key];
    if (e.kind === 'drop' || e.kind === 'rename') delete obj[key];
    if (e.kind === 'rename') setOwn(obj, e.name, was);
    if (e.kind === 'retype') setOwn(obj, key, e.value);
    if (e.kind === 'add') setOwn(obj, e.name, e.value);
  }
  return JSON.stringify(doc);
}
