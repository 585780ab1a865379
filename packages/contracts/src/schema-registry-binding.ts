import type { SchemaRegistry } from '@forewarn/serde';
import avro from 'avsc';
import { useSchemaIds, type SchemaIds } from './codec.js';
import { AVRO_NAMESPACE, avroNameOf, type EventType } from './envelope.js';
import { eventTypes } from './registry.js';

/**
 * Record-name strategy: the subject of an event type is its Avro record's full name
 * (`forewarn.events.ErpOrderCreated`), because our topics carry several event types and the
 * topic-name strategy would hold them all to one schema. Every version of a type shares it.
 */
export function subjectOf(eventType: Pick<EventType, 'type'>): string {
  return `${AVRO_NAMESPACE}.${avroNameOf(eventType.type)}`;
}

export interface RegistrySchemaIds extends SchemaIds {
  /** Fetches a schema id this process has not seen from the registry; later reads know it. */
  resolve(schemaId: number): Promise<EventType | undefined>;
}

/**
 * Registers every version of every event type under its subject (oldest first, so the
 * registry's compatibility check sees each version follow the one before) and answers schema
 * ids with the registry's. An id another producer registered (say, a newer version of one of our
 * types) is fetched from the registry the first time it is met and read through Avro resolution
 * as our latest version of its type; the record that met it is refused while the fetch runs
 * (decoding is synchronous), so it reaches the dead-letter topic with that reason and reads on
 * replay.
 */
export async function bindSchemaRegistry(
  registry: SchemaRegistry,
  list: readonly EventType[] = eventTypes,
): Promise<RegistrySchemaIds> {
  const idByType = new Map<EventType, number>();
  const typeById = new Map<number, EventType>();
  const latestBySubject = new Map<string, EventType>();
  for (const e of [...list].sort((a, b) => a.version - b.version)) {
    const id = await registry.register(subjectOf(e), e.avroSchema as object);
    idByType.set(e, id);
    typeById.set(id, e);
    latestBySubject.set(subjectOf(e), e);
  }
  const failed = new Map<number, string>();
  const pending = new Map<number, Promise<EventType | undefined>>();

  const resolve = (schemaId: number): Promise<EventType | undefined> => {
    const known = typeById.get(schemaId);
    if (known) return Promise.resolve(known);
    const inFlight = pending.get(schemaId);
    if (inFlight) return inFlight;
    const fetching = registry
      .getById(schemaId)
      .then((schema) => {
        const writer = avro.Type.forSchema(schema as avro.Schema);
        const ours = writer.name ? latestBySubject.get(writer.name) : undefined;
        if (!ours) {
          failed.set(
            schemaId,
            `schema id ${schemaId} is ${writer.name ?? 'an unnamed schema'}, not a Forewarn event`,
          );
          return undefined;
        }
        const asWritten: EventType = {
          ...ours,
          schemaId,
          avro: writer,
          avroSchema: schema as never,
        };
        typeById.set(schemaId, asWritten);
        return asWritten;
      })
      .catch((err: unknown) => {
        failed.set(
          schemaId,
          `schema id ${schemaId} could not be read from the registry: ${(err as Error).message}`,
        );
        return undefined;
      })
      .finally(() => pending.delete(schemaId));
    pending.set(schemaId, fetching);
    return fetching;
  };

  return {
    resolve,
    idOf: (eventType) => {
      const id = idByType.get(eventType);
      if (id === undefined)
        throw new Error(`${eventType.type} v${eventType.version} is not registered`);
      return id;
    },
    writerOf: (schemaId) => {
      const known = typeById.get(schemaId);
      if (!known && !failed.has(schemaId)) void resolve(schemaId);
      return known;
    },
    describeUnknown: (schemaId) =>
      failed.get(schemaId) ??
      `schema id ${schemaId} is not one this process registered; it is being fetched from the schema registry (replay the record)`,
  };
}

/**
 * The process's codec (encodeEvent, decodeRecord…) frames with `registry`'s ids and reads ids
 * from it; called once at start when a registry is configured. Without it, the catalog's fixed
 * ids are used, as before.
 */
export async function useSchemaRegistry(registry: SchemaRegistry): Promise<RegistrySchemaIds> {
  const ids = await bindSchemaRegistry(registry);
  useSchemaIds(ids);
  return ids;
}
