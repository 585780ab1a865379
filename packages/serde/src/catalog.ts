import type { Type as AvroType } from 'avsc';
import type { z } from 'zod';
import type { SchemaRegistry } from './schema-registry.js';

/**
 * One version of one event type. `avro` is the writer and reader schema for the binary form;
 * `zod` is the contract both forms are validated against. Instants travel as ISO-8601 strings
 * (an Avro `string`, a zod string/iso check), so the domain never sees a Date that the two
 * formats would represent differently.
 */
export interface EventTypeDef<T extends string = string, Z extends z.ZodType = z.ZodType> {
  type: T;
  version: number;
  schemaId: number;
  avro: AvroType;
  zod: Z;
}

/** Keeps the literal `type` so codecs built from a catalog type their values per event. */
export function defineEventType<T extends string, Z extends z.ZodType>(
  def: EventTypeDef<T, Z>,
): EventTypeDef<T, Z> {
  return def;
}

export type UnregisteredEventType<
  T extends string = string,
  Z extends z.ZodType = z.ZodType,
> = Omit<EventTypeDef<T, Z>, 'schemaId'>;

/** Confluent's RecordNameStrategy in spirit: one subject per event type, versions under it. */
export const subjectForEventType = (def: { type: string }): string => def.type;

/**
 * Registers each event type's Avro schema and returns the catalog with the ids the registry
 * assigned. This is how a service builds its catalog against a real (Confluent-compatible)
 * registry at start-up, where ids are not known in advance.
 */
export async function assignSchemaIds<D extends UnregisteredEventType>(
  registry: SchemaRegistry,
  defs: readonly D[],
  subjectOf: (def: D) => string = subjectForEventType,
): Promise<(D & { schemaId: number })[]> {
  const out: (D & { schemaId: number })[] = [];
  for (const def of defs) {
    const schemaId = await registry.register(subjectOf(def), def.avro.schema() as object);
    out.push({ ...def, schemaId });
  }
  return out;
}
