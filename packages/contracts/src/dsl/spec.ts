import { z } from 'zod';

/** A JSON value: what an Avro schema (and an Avro field default) is made of. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * One contract type, described once: `avro` is its Avro schema (JSON) and `zod` the validator
 * for the same shape, so the wire format and the runtime checks cannot drift apart.
 */
export interface Spec<Z extends z.ZodType = z.ZodType> {
  readonly avro: Json;
  readonly zod: Z;
  /** Avro default of a record field holding this spec; lets a reader fill a field the writer lacked. */
  readonly avroDefault?: { readonly value: Json };
  readonly doc?: string;
}

export type Fields = Record<string, Spec>;

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Avro names (types, fields, enum symbols) are identifiers; catching a bad one at definition time beats a runtime schema error. */
export function assertAvroName(name: string, what: string): void {
  if (!AVRO_NAME.test(name)) throw new Error(`invalid Avro ${what} name: ${JSON.stringify(name)}`);
}

export interface StrOptions {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

export function str(opts: StrOptions = {}) {
  let zod = z.string();
  if (opts.min !== undefined) zod = zod.min(opts.min);
  if (opts.max !== undefined) zod = zod.max(opts.max);
  if (opts.pattern) zod = zod.regex(opts.pattern);
  return { avro: 'string', zod } satisfies Spec;
}

/** An identifier from some system: a non-empty string without surrounding whitespace. */
export function id() {
  return str({ min: 1, max: 200, pattern: /^\S(.*\S)?$/ });
}

/** Avro `int`: 32-bit, so zod enforces the same range the encoder will. */
export function int(opts: { min?: number; max?: number } = {}) {
  let zod = z.int32();
  if (opts.min !== undefined) zod = zod.min(opts.min);
  if (opts.max !== undefined) zod = zod.max(opts.max);
  return { avro: 'int', zod } satisfies Spec;
}

/** Avro `long`, limited to JavaScript's safe integers because avsc decodes longs as numbers. */
export function long(opts: { min?: number } = {}) {
  const zod = opts.min === undefined ? z.int() : z.int().min(opts.min);
  return { avro: 'long', zod } satisfies Spec;
}

export function bool() {
  return { avro: 'boolean', zod: z.boolean() } satisfies Spec;
}

/** A point in time as ISO-8601 with a zone designator or offset; a local time without zone is ambiguous and rejected. */
export function instant() {
  return { avro: 'string', zod: z.iso.datetime({ offset: true }) } satisfies Spec;
}

/** A calendar date, YYYY-MM-DD (promise dates are days, interpreted in the order's timezone). */
export function date() {
  return { avro: 'string', zod: z.iso.date() } satisfies Spec;
}

/** A string that must equal `value`, e.g. the `type` discriminator of an event. */
export function literal<V extends string>(value: V) {
  return { avro: 'string', zod: z.literal(value) } satisfies Spec;
}

/**
 * An Avro enum. `default` is what an older reader substitutes for a symbol it does not know;
 * without one, adding a symbol is not a compatible change.
 */
export function enumOf<const S extends readonly [string, ...string[]]>(
  name: string,
  symbols: S,
  opts: { default?: S[number]; doc?: string } = {},
) {
  assertAvroName(name, 'enum');
  symbols.forEach((s) => assertAvroName(s, `${name} symbol`));
  const avro: Json = {
    type: 'enum',
    name,
    ...(opts.doc ? { doc: opts.doc } : {}),
    symbols: [...symbols],
    ...(opts.default ? { default: opts.default } : {}),
  };
  return { avro, zod: z.enum(symbols) } satisfies Spec;
}

export function array<Z extends z.ZodType>(item: Spec<Z>) {
  return { avro: { type: 'array', items: item.avro }, zod: z.array(item.zod) } satisfies Spec;
}

/**
 * Absent or null. Avro: union null|x with default null, so fields added this way keep old and
 * new schemas fully compatible. zod accepts both `undefined` (JSON producers omit the field) and
 * `null` (what Avro decoding yields); consumers read it with `??`.
 */
export function optional<Z extends z.ZodType>(inner: Spec<Z>) {
  if (Array.isArray(inner.avro) || inner.avroDefault) {
    throw new Error('optional() of a union or a defaulted spec: wrap the base spec instead');
  }
  return {
    avro: ['null', inner.avro],
    zod: inner.zod.nullish(),
    avroDefault: { value: null },
  } satisfies Spec;
}

/** A required field that readers fill with `value` when it is missing (old data, lazy producers). */
export function withDefault<Z extends z.ZodType>(inner: Spec<Z>, value: z.output<Z> & Json) {
  const parsed = inner.zod.safeParse(value);
  if (!parsed.success)
    throw new Error(`default ${JSON.stringify(value)} does not satisfy its own schema`);
  return {
    avro: inner.avro,
    zod: inner.zod.default(value as never),
    avroDefault: { value },
  } satisfies Spec;
}

/** Attaches documentation that lands in the Avro field `doc`, the JSON Schema and AsyncAPI. */
export function doc<S extends Spec>(spec: S, text: string): S {
  return { ...spec, doc: text, zod: spec.zod.describe(text) } as S;
}
