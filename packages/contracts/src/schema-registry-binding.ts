import type { SchemaRegistry } from '@forewarn/serde';
import avro from 'avsc';
import { SchemaRegistryUnavailable, useSchemaIds, type SchemaIds } from './codec.js';
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
  /**
   * Fetches a schema id this process has not seen from the registry; later reads know it.
   * Undefined when the registry does not have it or it is no Forewarn event (the reason is kept
   * for the dead-letter record); rejects with SchemaRegistryUnavailable when it cannot be asked.
   */
  resolve(schemaId: number): Promise<EventType | undefined>;
}

/** What one registry lookup of a schema id came to. */
export type LookupOutcome =
  | { kind: 'resolved'; eventType: EventType }
  | { kind: 'refused'; problem: string }
  | { kind: 'unavailable'; problem: string };

/**
 * The registry's answer to `GET /schemas/ids/{id}`, judged: 404 (Confluent error 40403) means
 * the id does not exist, so the record can never be read (refused, dead-lettered with that
 * reason); any other failure — refused connection, timeout, 5xx, a client-side error — says
 * nothing about the record (unavailable: retried, partition held). A schema that is found is
 * read as the writer of our event type of the same record name, or refused if it is not ours.
 */
export function judgeLookup(
  schemaId: number,
  answer: PromiseSettledResult<object>,
  ourTypeNamed: (name: string) => EventType | undefined,
): LookupOutcome {
  if (answer.status === 'rejected') {
    const err = answer.reason as { status?: unknown; message?: unknown };
    const text = err instanceof Error ? err.message : String(answer.reason);
    if (err?.status === 404)
      return {
        kind: 'refused',
        problem: `schema id ${schemaId} is not in the schema registry (404: ${text})`,
      };
    return {
      kind: 'unavailable',
      problem: `schema id ${schemaId} could not be read from the schema registry: ${text}`,
    };
  }
  let writer: avro.Type;
  try {
    writer = avro.Type.forSchema(answer.value as avro.Schema);
  } catch (err) {
    return {
      kind: 'refused',
      problem: `schema id ${schemaId} is not a valid Avro schema: ${(err as Error).message}`,
    };
  }
  const ours = writer.name ? ourTypeNamed(writer.name) : undefined;
  if (!ours)
    return {
      kind: 'refused',
      problem: `schema id ${schemaId} is ${writer.name ?? 'an unnamed schema'}, not a Forewarn event`,
    };
  return {
    kind: 'resolved',
    eventType: { ...ours, schemaId, avro: writer, avroSchema: answer.value as never },
  };
}

/**
 * Registers every version of every event type under its subject (oldest first, so the
 * registry's compatibility check sees each version follow the one before) and answers schema
 * ids with the registry's. An id another producer registered (say, a newer version of one of our
 * types) is fetched from the registry by the consumers' resolve step (`readRecord`) before the
 * record is decoded, then read through Avro resolution as our latest version of its type.
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
  // Why an id was refused, for the dead-letter reason; asked again on a later record (a redrive
  // after the schema was registered reads).
  const refused = new Map<number, string>();
  const pending = new Map<number, Promise<EventType | undefined>>();

  const lookup = async (schemaId: number): Promise<EventType | undefined> => {
    const [answer] = await Promise.allSettled([registry.getById(schemaId)]);
    const outcome = judgeLookup(schemaId, answer!, (name) => latestBySubject.get(name));
    if (outcome.kind === 'unavailable') throw new SchemaRegistryUnavailable(outcome.problem);
    if (outcome.kind === 'refused') {
      refused.set(schemaId, outcome.problem);
      return undefined;
    }
    refused.delete(schemaId);
    typeById.set(schemaId, outcome.eventType);
    return outcome.eventType;
  };

  const resolve = (schemaId: number): Promise<EventType | undefined> => {
    const known = typeById.get(schemaId);
    if (known) return Promise.resolve(known);
    let inFlight = pending.get(schemaId);
    if (!inFlight) {
      inFlight = lookup(schemaId).finally(() => pending.delete(schemaId));
      pending.set(schemaId, inFlight);
    }
    return inFlight;
  };

  return {
    resolve,
    idOf: (eventType) => {
      const id = idByType.get(eventType);
      if (id === undefined)
        throw new Error(`${eventType.type} v${eventType.version} is not registered`);
      return id;
    },
    writerOf: (schemaId) => typeById.get(schemaId),
    describeUnknown: (schemaId) =>
      refused.get(schemaId) ??
      `schema id ${schemaId} is not one this process registered or fetched from the schema registry`,
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
