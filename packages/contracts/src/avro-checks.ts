import type { z } from 'zod';

/**
 * A compiled check of a value against the zod schema built from the same DSL spec (dsl/spec.ts):
 * the shape and the JS type of every field, enum symbols and literals, and what Avro cannot
 * express (string lengths, patterns, ISO formats, number bounds), natively. Decoding runs it on
 * avsc's values and encoding on the services' own; Avro's writer still refuses what only it
 * knows (an int out of 32 bits). The result is the
 * value as zod would return it (plain objects in shape order), or `undefined` when the value
 * fails a check or the schema holds a construct this compiler does not know: the caller then
 * runs zod itself, which says why (or accepts it).
 */
export type AvroCheck = (value: unknown) => { value: unknown } | undefined;

type Step = (value: unknown) => unknown;
/** Thrown by a step: the value is not known to be valid (zod decides). */
const FAIL: unique symbol = Symbol('fail');
const fail = (): never => {
  throw FAIL;
};

interface Def {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A string's own format (z.iso.datetime, z.iso.date) or a `.regex` check: a pattern test. */
const PATTERN_FORMATS = new Set(['regex', 'datetime', 'date']);

function patternTest(pattern: RegExp): (s: string) => boolean {
  return (s) => {
    pattern.lastIndex = 0;
    return pattern.test(s);
  };
}

/** One zod check as a predicate; undefined for a check this compiler does not know. */
function predicate(def: CheckDef): ((v: never) => boolean) | undefined {
  switch (def.check) {
    case 'min_length':
      return (s: string) => s.length >= def.minimum!;
    case 'max_length':
      return (s: string) => s.length <= def.maximum!;
    case 'string_format':
      return def.pattern && PATTERN_FORMATS.has(def.format ?? '')
        ? patternTest(def.pattern)
        : undefined;
    case 'greater_than':
      return def.inclusive ? (n: number) => n >= def.value! : (n: number) => n > def.value!;
    case 'less_than':
      return def.inclusive ? (n: number) => n <= def.value! : (n: number) => n < def.value!;
    default:
      return undefined;
  }
}

/** The schema's checks as one predicate; undefined if any is unknown. */
function allChecks(def: Def): ((v: never) => boolean) | undefined {
  const preds = (def.checks ?? []).map((c) => predicate(c._zod.def));
  if (preds.some((p) => p === undefined)) return undefined;
  const list = preds as ((v: never) => boolean)[];
  return (v) => list.every((p) => p(v));
}

const INT32 = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: INT32,
  safeint: Number.isSafeInteger,
};

function stringStep(def: Def): Step | undefined {
  const checks = allChecks(def);
  if (!checks) return undefined;
  let own: ((s: string) => boolean) | undefined;
  if (def.format !== undefined) {
    if (!def.pattern || !PATTERN_FORMATS.has(def.format)) return undefined;
    own = patternTest(def.pattern);
  }
  return (v) => (typeof v === 'string' && (!own || own(v)) && checks(v as never) ? v : fail());
}

function numberStep(def: Def): Step | undefined {
  const checks = allChecks(def);
  const format = def.format === undefined ? Number.isFinite : NUMBER_FORMATS[def.format];
  if (!checks || !format) return undefined;
  return (v) => (typeof v === 'number' && format(v) && checks(v as never) ? v : fail());
}

function objectStep(def: Def): Step | undefined {
  if (!def.shape || (def.checks ?? []).length > 0) return undefined;
  const fields = Object.entries(def.shape).map(
    ([k, s]) => [k, compileStep(s), defOf(s).type === 'optional'] as const,
  );
  if (fields.some(([, f]) => f === undefined)) return undefined;
  const steps = fields as (readonly [string, Step, boolean])[];
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail();
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, step, optional] of steps) {
      if (!(k in src)) {
        // An optional field left out stays out, as zod leaves it; any other (a default to
        // fill, a required field missing) is zod's to decide.
        if (optional) continue;
        return fail();
      }
      out[k] = step(src[k]);
    }
    return out;
  };
}

/** The step of one schema node; undefined when the node is not one this compiler knows. */
function compileStep(schema: z.ZodType): Step | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringStep(def);
    case 'number':
      return numberStep(def);
    case 'boolean':
      return allChecks(def) && (def.checks ?? []).length === 0
        ? (v) => (typeof v === 'boolean' ? v : fail())
        : undefined;
    case 'enum': {
      if ((def.checks ?? []).length > 0 || !def.entries) return undefined;
      const symbols = new Set(Object.values(def.entries));
      return (v) => (typeof v === 'string' && symbols.has(v) ? v : fail());
    }
    case 'literal': {
      if ((def.checks ?? []).length > 0 || !def.values) return undefined;
      const values = new Set(def.values);
      return (v) => (values.has(v) ? v : fail());
    }
    case 'object':
      return objectStep(def);
    case 'array': {
      const item = def.element && (def.checks ?? []).length === 0 && compileStep(def.element);
      if (!item) return undefined;
      return (v) => (Array.isArray(v) ? v.map(item) : fail());
    }
    case 'optional':
    case 'nullable': {
      const inner = def.innerType && (def.checks ?? []).length === 0 && compileStep(def.innerType);
      if (!inner) return undefined;
      const empty = def.type === 'optional' ? undefined : null;
      return (v) => (v === empty ? v : inner(v));
    }
    case 'default': {
      // Avro always has the field; a missing one (undefined) is zod's to fill.
      const inner = def.innerType && (def.checks ?? []).length === 0 && compileStep(def.innerType);
      if (!inner) return undefined;
      return (v) => (v === undefined ? fail() : inner(v));
    }
    default:
      return undefined;
  }
}

const compiled = new WeakMap<z.ZodType, AvroCheck>();

/** The compiled check of a schema (cached per schema). */
export function avroCheckOf(schema: z.ZodType): AvroCheck {
  let check = compiled.get(schema);
  if (!check) {
    const step = compileStep(schema);
    check = step
      ? (value) => {
          try {
            return { value: step(value) };
          } catch (err) {
            if (err === FAIL) return undefined;
            throw err;
          }
        }
      : () => undefined;
    compiled.set(schema, check);
  }
  return check;
}
