import type avro from 'avsc';
import type { z } from 'zod';
import type { EventType } from './envelope.js';
import { createLookup, eventTypes, type EventTypeLookup, type ForewarnEvent } from './registry.js';

/**
 * Wire format: the Confluent framing (magic byte 0, 4-byte big-endian schema id) followed by the
 * Avro binary body, so the schema id travels with every message and schema-registry tooling can
 * read our topics.
 */
const MAGIC = 0;
const HEADER_BYTES = 5;

export type ContractErrorCode =
  'unknown_type' | 'unknown_schema_id' | 'invalid_event' | 'malformed_message';

/** A message or document that does not satisfy the contract; `problems` are the reasons, one each. */
export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly problems: readonly string[];
  constructor(code: ContractErrorCode, problems: readonly string[]) {
    super(`${code}: ${problems.join('; ')}`);
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
  /** The version it was written with. */
  writtenWith: EventType;
}

export interface Codec {
  /**
   * Checks a JSON-shaped event (webhook body, EDI translation…) against the version it declares
   * in `schemaVersion`, or the latest version of its type when it declares none.
   */
  validateEvent(input: unknown): Validation;
  /** Validates and serialises an event with the schema of the version it declares. */
  encodeEvent(event: unknown): Buffer;
  /** Reads a message written with any known version as the latest version of its type, and validates it. */
  decodeEvent(message: Buffer): Decoded;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
}

export function schemaIdOf(message: Buffer): number {
  if (message.length < HEADER_BYTES || message.readUInt8(0) !== MAGIC) {
    throw new ContractError('malformed_message', [
      'not a Forewarn Avro message (magic byte 0 and schema id expected)',
    ]);
  }
  return message.readUInt32BE(1);
}

export function createCodec(lookup: EventTypeLookup): Codec {
  const resolvers = new Map<string, avro.Resolver>();
  const resolverFor = (reader: EventType, writer: EventType): avro.Resolver => {
    const key = `${writer.schemaId}>${reader.schemaId}`;
    let resolver = resolvers.get(key);
    if (!resolver) {
      resolver = reader.avro.createResolver(writer.avro);
      resolvers.set(key, resolver);
    }
    return resolver;
  };

  const validateEvent = (input: unknown): Validation => {
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
    const parsed = eventType.zod.safeParse(input);
    if (!parsed.success)
      return { ok: false, code: 'invalid_event', problems: describeIssues(parsed.error) };
    return { ok: true, event: parsed.data as ForewarnEvent, eventType };
  };

  const encodeEvent = (event: unknown): Buffer => {
    const result = validateEvent(event);
    if (!result.ok) throw new ContractError(result.code, result.problems);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(MAGIC, 0);
    header.writeUInt32BE(result.eventType.schemaId, 1);
    return Buffer.concat([header, result.eventType.avro.toBuffer(result.event)]);
  };

  const decodeEvent = (message: Buffer): Decoded => {
    const schemaId = schemaIdOf(message);
    const writtenWith = lookup.eventTypeBySchemaId(schemaId);
    if (!writtenWith)
      throw new ContractError('unknown_schema_id', [`schema id ${schemaId} is not in the catalog`]);
    const eventType = lookup.eventTypeByName(writtenWith.type) ?? writtenWith;
    const body = message.subarray(HEADER_BYTES);
    let value: unknown;
    try {
      value =
        eventType === writtenWith
          ? eventType.avro.fromBuffer(body)
          : eventType.avro.fromBuffer(body, resolverFor(eventType, writtenWith));
    } catch (err) {
      throw new ContractError('malformed_message', [
        `${writtenWith.type}: ${(err as Error).message}`,
      ]);
    }
    const parsed = eventType.zod.safeParse(value);
    if (!parsed.success) throw new ContractError('invalid_event', describeIssues(parsed.error));
    return { event: parsed.data as ForewarnEvent, eventType, writtenWith };
  };

  return { validateEvent, encodeEvent, decodeEvent };
}

const codec = createCodec(createLookup(eventTypes));
export const validateEvent = codec.validateEvent;
export const encodeEvent = codec.encodeEvent;
export const decodeEvent = codec.decodeEvent;
