import { DecodeError, frame, unframe, type Framed } from '@forewarn/serde';
import type avro from 'avsc';
import type { z } from 'zod';
import { avroCheckOf } from './avro-checks.js';
import type { EventType } from './envelope.js';
import { createLookup, eventTypes, type EventTypeLookup, type ForewarnEvent } from './registry.js';

/**
 * Two wire forms. Our producers write the Confluent framing (magic byte 0, 4-byte big-endian
 * schema id, Avro body: `@forewarn/serde`'s `frame`), so the schema id travels with every message
 * and schema-registry tooling can read our topics. Source systems may publish JSON objects
 * instead; a message whose first non-whitespace byte is `{` is read as JSON.
 */
const OPEN_BRACE = 0x7b;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export type ContractErrorCode =
  'unknown_type' | 'unknown_schema_id' | 'invalid_event' | 'malformed_message';

/** A message or document that does not satisfy the contract; `problems` are the reasons, one each. */
export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly problems: readonly string[];
  /** The same bytes fail the same way every time: consumers dead-letter instead of retrying. */
  readonly retriable = false;
  constructor(code: ContractErrorCode, problems: readonly string[], opts?: { cause?: unknown }) {
    super(`${code}: ${problems.join('; ')}`, opts);
    this.name = 'ContractError';
    this.code = code;
    this.problems = problems;
  }
}

export type Validation =
  | { ok: true; event: ForewarnEvent; eventType: EventType }
  | { ok: false; code: ContractErrorCode; problems: string[] };

export interface Decoded {
  event: ForewarnEvent;
  /** The version the event was read as: the latest of its type. */
  eventType: EventType;
  /** The version it was written with (for JSON: the `schemaVersion` it declares, else the latest). */
  writtenWith: EventType;
}

export interface Codec {
  /**
   * Checks a JSON-shaped event (webhook body, EDI translation…) against the version it declares
   * in `schemaVersion`, or the latest version of its type when it declares none.
   */
  validateEvent(input: unknown): Validation;
  /** Validates and serialises an event (framed Avro) with the schema of the version it declares. */
  encodeEvent(event: unknown): Buffer;
  /**
   * Validates an event and serialises it (framed Avro) as the latest version of its type, the
   * form an edge re-publishes a source's event in: one that declares an older version is read
   * through Avro resolution first, exactly as a consumer would read it (fields added since take
   * their defaults, fields dropped since, such as `tenantId`, are gone), and says the latest
   * `schemaVersion`.
   */
  encodeEventAsLatest(event: unknown): Buffer;
  /** Validates and serialises an event as a UTF-8 JSON object, the form source systems may publish. */
  encodeEventJson(event: unknown): Buffer;
  /**
   * Reads a framed Avro message or a JSON object written with any known version as the latest
   * version of its type, and validates it.
   */
  decodeEvent(message: Buffer): Decoded;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
}

function looksLikeJson(message: Buffer): boolean {
  for (const byte of message) if (!JSON_WHITESPACE.has(byte)) return byte === OPEN_BRACE;
  return false;
}

function unframed(message: Buffer): Framed {
  try {
    return unframe(message);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    const problem = `not a Forewarn message (a JSON object, or magic byte 0 and a schema id, expected): ${err.message}`;
    throw new ContractError('malformed_message', [problem], { cause: err });
  }
}

/** The schema id of a framed Avro message (JSON messages have none). */
export function schemaIdOf(message: Buffer): number {
  return unframed(message).schemaId;
}

function parseJson(message: Buffer): unknown {
  try {
    return JSON.parse(message.toString('utf8'));
  } catch (err) {
    throw new ContractError('malformed_message', [`invalid JSON: ${(err as Error).message}`], {
      cause: err,
    });
  }
}

/**
 * Which schema id frames which schema. Without a schema registry, the catalog's fixed ids; with
 * one, the ids the registry gave (`bindSchemaRegistry`).
 */
export interface SchemaIds {
  /** The id a message written with this event type's schema is framed with. */
  idOf(eventType: EventType): number;
  /** The schema a framed message's id names (its type, with the writer's Avro schema). */
  writerOf(schemaId: number): EventType | undefined;
  /** Why an id is unknown, for the dead-letter reason. */
  describeUnknown?(schemaId: number): string;
  /**
   * Asks the schema registry for an id this process has not seen (a registry-bound codec only):
   * resolves with its type once known, undefined when the registry says it is no Forewarn
   * schema or does not have it; rejects with SchemaRegistryUnavailable when it cannot be asked.
   */
  resolve?(schemaId: number): Promise<EventType | undefined>;
}

/**
 * The schema registry could not be asked about a schema id (down, unreachable, erroring). The
 * record is healthy: the consumers' classifier holds its partition and retries, never
 * dead-letters it.
 */
export class SchemaRegistryUnavailable extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'SchemaRegistryUnavailable';
  }
}

export function catalogSchemaIds(lookup: EventTypeLookup): SchemaIds {
  return {
    idOf: (eventType) => eventType.schemaId,
    writerOf: (schemaId) => lookup.eventTypeBySchemaId(schemaId),
  };
}

/** `ids` is read on every call, so a codec follows a registry bound after it was made. */
export function createCodec(lookup: EventTypeLookup, ids?: () => SchemaIds): Codec {
  const fixedIds = catalogSchemaIds(lookup);
  const currentIds = ids ?? (() => fixedIds);
  const resolvers = new WeakMap<avro.Type, Map<avro.Type, avro.Resolver>>();
  const resolverFor = (reader: EventType, writer: EventType): avro.Resolver => {
    const byReader = resolvers.get(writer.avro) ?? new Map<avro.Type, avro.Resolver>();
    resolvers.set(writer.avro, byReader);
    let resolver = byReader.get(reader.avro);
    if (!resolver) {
      resolver = reader.avro.createResolver(writer.avro);
      byReader.set(reader.avro, resolver);
    }
    return resolver;
  };

  /** The event type an input names (its type and schema version), or why it names none. */
  const typeOf = (
    input: unknown,
  ): { eventType: EventType } | Extract<Validation, { ok: false }> => {
    const head = (typeof input === 'object' && input !== null ? input : {}) as {
      type?: unknown;
      schemaVersion?: unknown;
    };
    if (typeof head.type !== 'string')
      return { ok: false, code: 'unknown_type', problems: ['type: missing'] };
    const version = typeof head.schemaVersion === 'number' ? head.schemaVersion : undefined;
    const eventType = lookup.eventTypeByName(head.type, version);
    if (!eventType) {
      const what = version === undefined ? head.type : `${head.type} v${version}`;
      return { ok: false, code: 'unknown_type', problems: [`type: unknown event type ${what}`] };
    }
    return { eventType };
  };

  const validateEvent = (input: unknown): Validation => {
    const named = typeOf(input);
    if (!('eventType' in named)) return named;
    const { eventType } = named;
    const parsed = eventType.zod.safeParse(input);
    if (!parsed.success)
      return { ok: false, code: 'invalid_event', problems: describeIssues(parsed.error) };
    return { ok: true, event: parsed.data as ForewarnEvent, eventType };
  };

  const validOrThrow = (input: unknown): { event: ForewarnEvent; eventType: EventType } => {
    const result = validateEvent(input);
    if (!result.ok) throw new ContractError(result.code, result.problems);
    return result;
  };

  /**
   * `validOrThrow`, checked by the compiled check (avro-checks.ts) where it can: every outbox
   * event passes here, and zod's full parse was most of encoding's cost. What the check does
   * not pass, zod reads in full, for its verdict and its reasons.
   */
  const checkedOrThrow = (input: unknown): { event: ForewarnEvent; eventType: EventType } => {
    const named = typeOf(input);
    if (!('eventType' in named)) return validOrThrow(input);
    const checked = avroCheckOf(named.eventType.zod)(input);
    if (!checked) return validOrThrow(input);
    return { event: checked.value as ForewarnEvent, eventType: named.eventType };
  };

  /** Avro body written with `writtenWith` → the latest version of its type, validated. */
  const readAsLatest = (writtenWith: EventType, body: Buffer): Decoded => {
    const eventType = lookup.eventTypeByName(writtenWith.type) ?? writtenWith;
    let value: unknown;
    try {
      value =
        eventType.avro === writtenWith.avro
          ? eventType.avro.fromBuffer(body)
          : eventType.avro.fromBuffer(body, resolverFor(eventType, writtenWith));
    } catch (err) {
      const problem = `${writtenWith.type}: ${(err as Error).message}`;
      throw new ContractError('malformed_message', [problem], { cause: err });
    }
    // avsc has typed the value: only what Avro cannot express is checked again (avro-checks.ts).
    // What fails there, zod reads in full, for its verdict and its reasons.
    const checked = avroCheckOf(eventType.zod)(value);
    if (checked) return { event: checked.value as ForewarnEvent, eventType, writtenWith };
    const parsed = eventType.zod.safeParse(value);
    if (!parsed.success) throw new ContractError('invalid_event', describeIssues(parsed.error));
    return { event: parsed.data as ForewarnEvent, eventType, writtenWith };
  };

  const decodeJson = (message: Buffer): Decoded => {
    const { event, eventType } = validOrThrow(parseJson(message));
    if (lookup.eventTypeByName(eventType.type) === eventType)
      return { event, eventType, writtenWith: eventType };
    // An older version: upgrade it through Avro resolution, exactly as its Avro form is read.
    return readAsLatest(eventType, eventType.avro.toBuffer(event));
  };

  return {
    validateEvent,
    encodeEvent: (event) => {
      const valid = checkedOrThrow(event);
      return frame(currentIds().idOf(valid.eventType), valid.eventType.avro.toBuffer(valid.event));
    },
    encodeEventAsLatest: (event) => {
      const valid = validOrThrow(event);
      const latest = lookup.eventTypeByName(valid.eventType.type) ?? valid.eventType;
      const value =
        latest === valid.eventType
          ? valid.event
          : latest.zod.parse({
              ...readAsLatest(valid.eventType, valid.eventType.avro.toBuffer(valid.event)).event,
              schemaVersion: latest.version,
            });
      return frame(currentIds().idOf(latest), latest.avro.toBuffer(value));
    },
    encodeEventJson: (event) => Buffer.from(JSON.stringify(validOrThrow(event).event), 'utf8'),
    decodeEvent: (message) => {
      if (looksLikeJson(message)) return decodeJson(message);
      const { schemaId, payload } = unframed(message);
      const current = currentIds();
      const writtenWith = current.writerOf(schemaId);
      if (!writtenWith)
        throw new ContractError('unknown_schema_id', [
          current.describeUnknown?.(schemaId) ?? `schema id ${schemaId} is not in the catalog`,
        ]);
      return readAsLatest(writtenWith, payload);
    },
  };
}

const defaultLookup = createLookup(eventTypes);
let defaultIds: SchemaIds = catalogSchemaIds(defaultLookup);

/**
 * Makes the package's own codec (encodeEvent, decodeEvent, decodeRecord) frame and read with
 * `ids`; `undefined` returns to the catalog's fixed ids. Called once at start by a process that
 * uses a schema registry.
 */
export function useSchemaIds(ids: SchemaIds | undefined): void {
  defaultIds = ids ?? catalogSchemaIds(defaultLookup);
}

const codec = createCodec(defaultLookup, () => defaultIds);
export const validateEvent = codec.validateEvent;
export const encodeEvent = codec.encodeEvent;
export const encodeEventAsLatest = codec.encodeEventAsLatest;
export const encodeEventJson = codec.encodeEventJson;
export const decodeEvent = codec.decodeEvent;

/**
 * The one decoder of every Kafka consumer: a record's value, JSON or Confluent-framed Avro
 * written with any known version, as the latest version of its event, validated. Whatever
 * cannot be read (no value, not JSON nor framed Avro, an unknown type or schema id, a broken
 * Avro body, a contract violation) throws a ContractError naming the problem, which the
 * consumer dead-letters with that reason.
 */
export function decodeRecord(record: { value: Buffer | null }): ForewarnEvent {
  if (record.value === null || record.value.length === 0)
    throw new ContractError('malformed_message', ['empty record: it has no value']);
  return decodeEvent(record.value).event;
}

/** The schema id of a framed record this process does not know yet; undefined otherwise. */
function unresolvedSchemaId(value: Buffer | null): number | undefined {
  if (value === null || value.length === 0 || looksLikeJson(value)) return undefined;
  let schemaId: number;
  try {
    schemaId = unframe(value).schemaId;
  } catch {
    return undefined; // decodeRecord says why.
  }
  return defaultIds.writerOf(schemaId) ? undefined : schemaId;
}

/**
 * decodeRecord with the resolve step before it, for consumers: a framed record whose schema id
 * is not known here is looked up in the configured schema registry first (cached once found).
 * The registry away rejects with SchemaRegistryUnavailable (retried, partition held); the
 * registry not having the id, or having a schema that is no Forewarn event, leaves decodeRecord
 * to refuse the record with that reason. Without a registry it is decodeRecord.
 */
export async function readRecord(record: { value: Buffer | null }): Promise<ForewarnEvent> {
  const schemaId = unresolvedSchemaId(record.value);
  if (schemaId !== undefined && defaultIds.resolve) await defaultIds.resolve(schemaId);
  return decodeRecord(record);
}
