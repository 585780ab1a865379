import { z } from 'zod';
import { assertAvroName, type Fields, type Json, type Spec } from './spec.js';

/** The zod shape of a set of fields. */
export type ShapeOf<F extends Fields> = { -readonly [K in keyof F]: F[K]['zod'] };

const NAMED = new Set(['record', 'enum', 'fixed']);

function isObject(x: Json): x is { [key: string]: Json } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Avro allows a named type to be defined once per schema and referenced by name afterwards.
 * Specs compose by value (Money inside every line), so the definitions are folded here: the
 * first occurrence stays, later ones become references. Two different shapes under one name are
 * a modelling mistake and fail loudly.
 */
export function foldNamedTypes(schema: Json, seen = new Map<string, string>()): Json {
  if (Array.isArray(schema)) return schema.map((s) => foldNamedTypes(s, seen));
  if (!isObject(schema)) return schema;
  const type = schema.type;
  if (typeof type === 'string' && NAMED.has(type) && typeof schema.name === 'string') {
    const name = schema.name;
    const shape = JSON.stringify(schema);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      if (earlier !== shape)
        throw new Error(`Avro type ${name} is defined twice with different shapes`);
      return name;
    }
    seen.set(name, shape);
  }
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'fields' && Array.isArray(value)) {
      out.fields = value.map((f) =>
        isObject(f) ? { ...f, type: foldNamedTypes(f.type ?? null, seen) } : f,
      );
    } else if (
      key === 'items' ||
      key === 'values' ||
      (key === 'type' && typeof value !== 'string')
    ) {
      out[key] = foldNamedTypes(value, seen);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** An Avro record and the matching zod object (unknown keys are stripped, not rejected, so newer producers do not break older consumers). */
export function record<F extends Fields>(
  name: string,
  fields: F,
  docText?: string,
): Spec<z.ZodObject<ShapeOf<F>>> {
  assertAvroName(name, 'record');
  const avroFields: Json[] = Object.entries(fields).map(([fieldName, spec]) => {
    assertAvroName(fieldName, `${name} field`);
    return {
      name: fieldName,
      ...(spec.doc ? { doc: spec.doc } : {}),
      type: spec.avro,
      ...(spec.avroDefault ? { default: spec.avroDefault.value } : {}),
    };
  });
  const avro = foldNamedTypes({
    type: 'record',
    name,
    ...(docText ? { doc: docText } : {}),
    fields: avroFields,
  });
  const shape = Object.fromEntries(
    Object.entries(fields).map(([k, s]) => [k, s.zod]),
  ) as ShapeOf<F>;
  const zod = z.object(shape);
  return { avro, zod: docText ? zod.describe(docText) : zod };
}
