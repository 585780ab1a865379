import { createHash } from 'node:crypto';

/**
 * The two calls Forewarn needs from a schema registry. A Confluent-compatible HTTP client fits
 * without changes to its callers:
 * - `register(subject, schema)` ↔ `POST /subjects/{subject}/versions` with `{ schema }`
 *   (the schema as a JSON string) → `{ id }`. Registering an identical schema again returns
 *   the same id.
 * - `getById(id)` ↔ `GET /schemas/ids/{id}` → `{ schema }`, parsed back to an object; rejects
 *   when the id is unknown.
 */
export interface SchemaRegistry {
  register(subject: string, schema: object): Promise<number>;
  getById(id: number): Promise<object>;
}

/** Key order must not change an id: two processes writing the same schema must agree. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Derives an id from the schema's content (a positive int32), so separate processes each with
 * their own in-process registry assign the same id to the same schema, whatever the order.
 */
export function contentSchemaId(schema: object): number {
  const id =
    createHash('sha256').update(canonicalJson(schema)).digest().readUInt32BE(0) & 0x7fffffff;
  return id === 0 ? 1 : id;
}

/** The record-name strategy's subject: the full name of a named schema (namespace.name). */
export function recordNameOf(schema: object): string {
  const { name, namespace } = schema as { name?: unknown; namespace?: unknown };
  if (typeof name !== 'string') throw new Error('a record-name subject needs a named schema');
  return name.includes('.') || typeof namespace !== 'string' ? name : `${namespace}.${name}`;
}

export interface PresetSchema {
  subject: string;
  schema: object;
  id: number;
}

/**
 * In-process registry for tests, local runs and services that ship their catalog with fixed
 * ids. Preset schemas keep their given ids; other schemas get a content-derived id.
 */
export class LocalSchemaRegistry implements SchemaRegistry {
  private readonly byId = new Map<number, { canonical: string; schema: object }>();
  private readonly idByCanonical = new Map<string, number>();
  private readonly subjects = new Map<string, number[]>();

  constructor(preset: readonly PresetSchema[] = []) {
    for (const p of preset) this.add(p.subject, p.schema, p.id);
  }

  /**
   * Seeds the registry with a catalog's ids, under record-name subjects (the record's full name,
   * one subject per event type whatever topic carries it), as a Confluent registry is used.
   */
  static fromCatalog(
    catalog: readonly { schemaId: number; avro: { schema(): unknown } }[],
  ): LocalSchemaRegistry {
    return new LocalSchemaRegistry(
      catalog.map((d) => {
        const schema = d.avro.schema() as object;
        return { subject: recordNameOf(schema), schema, id: d.schemaId };
      }),
    );
  }

  async register(subject: string, schema: object): Promise<number> {
    const known = this.idByCanonical.get(canonicalJson(schema));
    return this.add(subject, schema, known ?? contentSchemaId(schema));
  }

  async getById(id: number): Promise<object> {
    const found = this.byId.get(id);
    if (!found) throw new Error(`schema id ${id} is not registered`);
    return found.schema;
  }

  /** Ids registered under a subject, oldest first (a subject's versions). */
  versions(subject: string): readonly number[] {
    return this.subjects.get(subject) ?? [];
  }

  private add(subject: string, schema: object, id: number): number {
    const canonical = canonicalJson(schema);
    const sameSchema = this.idByCanonical.get(canonical);
    if (sameSchema !== undefined && sameSchema !== id) {
      throw new Error(`schema for ${subject} is already registered as id ${sameSchema}, not ${id}`);
    }
    const holder = this.byId.get(id);
    if (holder && holder.canonical !== canonical) {
      throw new Error(`schema id ${id} is already taken by another schema (subject ${subject})`);
    }
    this.byId.set(id, { canonical, schema });
    this.idByCanonical.set(canonical, id);
    const ids = this.subjects.get(subject) ?? [];
    if (!ids.includes(id)) this.subjects.set(subject, [...ids, id]);
    return id;
  }
}
