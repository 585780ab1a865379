import avro from 'avsc';
import type { Json } from '../dsl/index.js';

/** One reason a reader cannot read a writer's data, located at a field path. */
export interface Incompatibility {
  readonly path: string;
  readonly message: string;
}

type RecordType = avro.types.RecordType;

function isRecord(t: avro.Type): t is RecordType {
  return t.typeName === 'record';
}

function branchesOf(t: avro.Type): avro.Type[] {
  return t.typeName.startsWith('union') ? (t as avro.types.UnwrappedUnionType).types : [t];
}

function tryResolve(reader: avro.Type, writer: avro.Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * Walks reader and writer side by side so that a failure names the field, not just the record:
 * avsc reports only the first problem, at the level of the enclosing type.
 */
function locate(reader: avro.Type, writer: avro.Type, path: string): Incompatibility[] {
  if (isRecord(reader) && isRecord(writer)) {
    const problems: Incompatibility[] = [];
    for (const field of reader.fields) {
      const written = writer.fields.find(
        (w) => w.name === field.name || field.aliases.includes(w.name),
      );
      if (written) problems.push(...locate(field.type, written.type, join(path, field.name)));
      else if (field.defaultValue() === undefined) {
        problems.push({
          path: join(path, field.name),
          message: 'field is missing in the writer and has no default',
        });
      }
    }
    if (problems.length > 0) return problems;
  } else if (reader.typeName === 'array' && writer.typeName === 'array') {
    const items = (t: avro.Type) => (t as avro.types.ArrayType).itemsType;
    return locate(items(reader), items(writer), `${path}[]`);
  } else if (reader.typeName.startsWith('union') || writer.typeName.startsWith('union')) {
    // Every branch the writer may have used must be readable by some branch of the reader.
    const problems: Incompatibility[] = [];
    for (const w of branchesOf(writer)) {
      const candidates = branchesOf(reader).filter(
        (r) => r.typeName === w.typeName && r.name === w.name,
      );
      const readable = branchesOf(reader).some((r) => tryResolve(r, w) === undefined);
      if (readable) continue;
      const [first] = candidates;
      if (first) problems.push(...locate(first, w, path));
      else
        problems.push({
          path,
          message: `no branch of the reader can read a written ${w.name ?? w.typeName}`,
        });
    }
    if (problems.length > 0) return problems;
  }
  const message = tryResolve(reader, writer);
  return message === undefined ? [] : [{ path: path || '(root)', message }];
}

/** What stops `reader` from reading data written with `writer`; empty when it can. */
export function readProblems(reader: Json, writer: Json): Incompatibility[] {
  return locate(
    avro.Type.forSchema(reader as avro.Schema),
    avro.Type.forSchema(writer as avro.Schema),
    '',
  );
}

/**
 * Full compatibility of a current schema with a released one: each can read the other's data,
 * so producers and consumers can be upgraded in any order. Messages name the type and field.
 */
export function fullCompatibilityProblems(
  type: string,
  current: Json,
  released: Json,
  releasedVersion: number,
): string[] {
  const format = (direction: string) => (p: Incompatibility) =>
    `${type}: ${direction}: ${p.path}: ${p.message}`;
  return [
    ...readProblems(current, released).map(
      format(`current schema cannot read data written with released v${releasedVersion}`),
    ),
    ...readProblems(released, current).map(
      format(`released v${releasedVersion} cannot read data written with the current schema`),
    ),
  ];
}

function withoutDocs(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withoutDocs);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => k !== 'doc')
      .map(([k, v]) => [k, withoutDocs(v)]),
  );
}

/**
 * A released version is immutable: messages carry its schema id and are decoded with exactly that
 * schema, so any change other than documentation needs a new version.
 */
export function releasedSchemaChanged(current: Json, released: Json): boolean {
  return JSON.stringify(withoutDocs(current)) !== JSON.stringify(withoutDocs(released));
}
