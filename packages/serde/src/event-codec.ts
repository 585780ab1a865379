import type { z } from 'zod';
import type { EventTypeDef } from './catalog.js';
import { DecodeError, EncodeError } from './errors.js';
import { formatIssues, withoutEnvelope } from './validation.js';
import { frame, MAGIC_BYTE, unframe } from './wire-format.js';

export type WireFormat = 'avro' | 'json';

type DecodedOf<E> =
  E extends EventTypeDef<infer T, infer Z>
    ? { type: T; version: number; value: z.output<Z>; format: WireFormat }
    : never;

/** What decode() returns: a union over the catalog, narrowed by `type`. */
export type DecodedEvent<C extends readonly EventTypeDef[]> = DecodedOf<C[number]>;
/** Which version to write; the latest when unset. */
export interface EncodeOptions {
  version?: number;
}

export type EventTypeName<C extends readonly EventTypeDef[]> = C[number]['type'];
/** Catalog entries a type name can refer to (also when an entry's `type` widened to string). */
type EntriesFor<C extends readonly EventTypeDef[], T extends string> = C[number] extends infer E
  ? E extends { type: infer N }
    ? T extends N
      ? E
      : never
    : never
  : never;
export type EventInput<C extends readonly EventTypeDef[], T extends string> = z.input<
  EntriesFor<C, T>['zod']
>;

const OPEN_BRACE = 0x7b;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function firstSignificantByte(buf: Buffer): number | undefined {
  for (const byte of buf) if (!JSON_WHITESPACE.has(byte)) return byte;
  return undefined;
}

/**
 * avsc decodes records into instances of generated classes whose methods show up as keys to a
 * strict zod object; the domain wants plain data. Buffers (Avro `bytes`) stay as they are.
 */
function toPlainData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlainData);
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) out[key] = toPlainData((v as Record<string, unknown>)[key]);
  return out;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Encodes and decodes the events of one catalog, in Avro (Confluent-framed) or JSON. Decoding
 * detects the format from the first byte and always validates with the event's zod schema, so
 * a consumer never sees a value its contract would reject. Every decode failure is a
 * DecodeError with a `reason`; encoding an invalid value is an EncodeError.
 */
export class EventCodec<const C extends readonly EventTypeDef[] = readonly EventTypeDef[]> {
  private readonly bySchemaId = new Map<number, EventTypeDef>();
  private readonly byType = new Map<string, Map<number, EventTypeDef>>();

  constructor(readonly catalog: C) {
    for (const def of catalog) {
      const clash = this.bySchemaId.get(def.schemaId);
      if (clash) {
        throw new Error(`schema id ${def.schemaId} is used by ${clash.type} and ${def.type}`);
      }
      this.bySchemaId.set(def.schemaId, def);
      const versions = this.byType.get(def.type) ?? new Map<number, EventTypeDef>();
      if (versions.has(def.version)) throw new Error(`${def.type} v${def.version} is listed twice`);
      this.byType.set(def.type, versions.set(def.version, def));
    }
  }

  /** Binary form: Confluent header with the version's schema id, then Avro. Latest by default. */
  encodeAvro<T extends EventTypeName<C>>(
    type: T,
    value: EventInput<C, T>,
    opts: EncodeOptions = {},
  ): Buffer {
    return this.encode('avro', type, value, opts);
  }

  /** Text form: the value plus `type` and `schemaVersion`, for producers that cannot speak Avro. */
  encodeJson<T extends EventTypeName<C>>(
    type: T,
    value: EventInput<C, T>,
    opts: EncodeOptions = {},
  ): Buffer {
    return this.encode('json', type, value, opts);
  }

  encode<T extends EventTypeName<C>>(
    format: WireFormat,
    type: T,
    value: EventInput<C, T>,
    opts: EncodeOptions = {},
  ): Buffer {
    const def = this.lookup(type, opts.version, EncodeError);
    const valid = this.validForEncode(def, value);
    if (format === 'json') {
      const body = isPlainRecord(valid) ? valid : { value: valid };
      return Buffer.from(JSON.stringify({ ...body, type: def.type, schemaVersion: def.version }));
    }
    const avroProblems: string[] = [];
    const fits = def.avro.isValid(valid, {
      errorHook: (path: string[], v: unknown) =>
        avroProblems.push(`${path.join('.') || '(root)'}: ${JSON.stringify(v)}`),
    });
    if (!fits) {
      const detail = `${def.type} v${def.version} does not fit its Avro schema`;
      throw new EncodeError('invalid-avro', detail, { issues: avroProblems });
    }
    return frame(def.schemaId, def.avro.toBuffer(valid));
  }

  decode(buf: Buffer): DecodedEvent<C> {
    if (buf.length === 0) throw new DecodeError('empty-payload', 'message has no bytes');
    if (buf[0] === MAGIC_BYTE) return this.decodeAvro(buf);
    if (firstSignificantByte(buf) === OPEN_BRACE) return this.decodeJson(buf);
    throw new DecodeError(
      'unknown-format',
      `first byte 0x${buf[0]!.toString(16).padStart(2, '0')} is neither the Avro magic byte nor '{'`,
    );
  }

  private decodeAvro(buf: Buffer): DecodedEvent<C> {
    const { schemaId, payload } = unframe(buf);
    const def = this.bySchemaId.get(schemaId);
    if (!def)
      throw new DecodeError('unknown-schema-id', `schema id ${schemaId} is not in the catalog`);
    let raw: unknown;
    try {
      raw = toPlainData(def.avro.fromBuffer(payload));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new DecodeError(
        'invalid-avro',
        `${def.type} v${def.version} (schema id ${schemaId}): ${why}`,
        {
          cause: err,
        },
      );
    }
    return this.validated(def, raw, 'avro');
  }

  private decodeJson(buf: Buffer): DecodedEvent<C> {
    let raw: unknown;
    try {
      raw = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      throw new DecodeError('invalid-json', (err as Error).message, { cause: err });
    }
    if (!isPlainRecord(raw)) throw new DecodeError('invalid-json', 'expected a JSON object');
    const { type, schemaVersion } = raw;
    if (typeof type !== 'string')
      throw new DecodeError('invalid-json', 'field `type` must be a string');
    if (schemaVersion !== undefined && !Number.isInteger(schemaVersion)) {
      throw new DecodeError(
        'invalid-json',
        'field `schemaVersion` must be an integer when present',
      );
    }
    const def = this.lookup(type, schemaVersion as number | undefined, DecodeError);
    return this.validated(def, withoutEnvelope(def.zod, raw), 'json');
  }

  private validated(def: EventTypeDef, raw: unknown, format: WireFormat): DecodedEvent<C> {
    const result = def.zod.safeParse(raw);
    if (!result.success) {
      throw new DecodeError(
        'validation-failed',
        `${def.type} v${def.version} (${format}) breaks its contract`,
        {
          issues: formatIssues(result.error),
        },
      );
    }
    return { type: def.type, version: def.version, value: result.data, format } as DecodedEvent<C>;
  }

  private validForEncode(def: EventTypeDef, value: unknown): unknown {
    const result = def.zod.safeParse(value);
    if (!result.success) {
      throw new EncodeError(
        'validation-failed',
        `${def.type} v${def.version} breaks its contract`,
        {
          issues: formatIssues(result.error),
        },
      );
    }
    return result.data;
  }

  private lookup(
    type: string,
    version: number | undefined,
    Err: typeof DecodeError | typeof EncodeError,
  ): EventTypeDef {
    const versions = this.byType.get(type);
    if (!versions) throw new Err('unknown-type', `event type "${type}" is not in the catalog`);
    const wanted = version ?? Math.max(...versions.keys());
    const def = versions.get(wanted);
    if (!def) {
      const known = [...versions.keys()].sort((a, b) => a - b).join(', ');
      throw new Err('unknown-version', `${type} has no version ${wanted} (known: ${known})`);
    }
    return def;
  }
}
