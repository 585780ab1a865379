import avro from 'avsc';
import type { z } from 'zod';
import {
  array,
  doc,
  id,
  instant,
  int,
  literal,
  optional,
  record,
  str,
  withDefault,
  type Fields,
  type Json,
  type ShapeOf,
  type Spec,
} from './dsl/index.js';
import type { TopicName } from './topic-names.js';

/** Cross-references every event may carry, so a timeline can index any event without knowing its payload. */
export const refs = record('Refs', {
  customerId: optional(id()),
  orderId: optional(id()),
  poNumber: optional(id()),
  shipmentId: optional(id()),
  trackingNumbers: optional(array(id())),
});

export const SOURCE_SYSTEM = /^[a-z][a-z0-9]*:[A-Za-z0-9._-]+$/;

function envelopeFields<T extends string>(type: T) {
  return {
    eventId: doc(
      id(),
      'Id the source gave the event; with sourceSystem it identifies a delivery, so redeliveries are dropped',
    ),
    type: doc(literal(type), 'Event type, e.g. erp.order.created'),
    schemaVersion: doc(int({ min: 1 }), 'Version of the schema the event was written with'),
    sourceSystem: doc(
      str({ pattern: SOURCE_SYSTEM }),
      'kind:instance of the emitter, e.g. erp:sap-prod, wms:manhattan, carrier:ups, forewarn:order-service',
    ),
    occurredAt: doc(instant(), 'When it happened at the source; consumers order by this per key'),
    receivedAt: doc(optional(instant()), 'When Forewarn ingested it; set by the ingestion edge'),
    causationId: doc(optional(id()), 'eventId of the event that caused this one (domain events)'),
    refs: withDefault(refs, {}),
  };
}

/**
 * The envelope as revision 1 had it: with `tenantId` (default `'default'`) between `receivedAt`
 * and `causationId`. One deployment serves one distributor, so revision 2 dropped it; versions
 * released with revision 1 stay readable (Avro skips the field, JSON strips the key).
 */
function envelopeFieldsV1<T extends string>(type: T) {
  const { causationId, refs: refsField, ...head } = envelopeFields(type);
  return { ...head, tenantId: withDefault(id(), 'default'), causationId, refs: refsField };
}

/** Which envelope a version is written with: 1 carried `tenantId`, 2 (current) does not. */
export type EnvelopeRevision = 1 | 2;
export const CURRENT_ENVELOPE: EnvelopeRevision = 2;

const envelopeOfRevision = {
  1: envelopeFieldsV1,
  2: envelopeFields,
} as const satisfies Record<EnvelopeRevision, (type: string) => Fields>;

type EnvelopeFields<T extends string> = ReturnType<typeof envelopeFields<T>>;
type EventFields<T extends string, P extends Fields> = EnvelopeFields<T> & {
  payload: Spec<z.ZodObject<ShapeOf<P>>>;
};
export type EventZod<T extends string, P extends Fields> = z.ZodObject<ShapeOf<EventFields<T, P>>>;

export type EventKind = 'source' | 'domain';

/** An earlier version of a type that differs from the one being defined only by its envelope. */
export interface EarlierEnvelope {
  version: number;
  schemaId: number;
  envelope: EnvelopeRevision;
}

/** Where one version sits in the catalog. */
export interface VersionSpec {
  version: number;
  /** Written in every message header; unique across all types and versions, never reused. */
  schemaId: number;
  /** The envelope revision this version is written with; the current one unless given. */
  envelope?: EnvelopeRevision;
  /**
   * Released versions with the same payload and an older envelope: they are built from this
   * definition (so the payload is written once) and stay decodable, never written.
   */
  earlier?: readonly EarlierEnvelope[];
}

export interface EventDefinition<T extends string, P extends Fields> extends VersionSpec {
  type: T;
  topic: TopicName;
  summary: string;
  /**
   * The payload's fields, as a function: called the first time the version's schemas are needed
   * (see `defineEvent`), so a process pays only for the event types it reads or writes.
   */
  payload: () => P;
}

/** One version of one event type: its place in the catalog and its two schema forms. */
export interface EventType<T extends string = string, Z extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly schemaId: number;
  readonly topic: TopicName;
  readonly kind: EventKind;
  readonly summary: string;
  readonly avroSchema: Json;
  readonly avro: avro.Type;
  readonly zod: Z;
  /** The versions `earlier` asked for, built from the same definition: decodable, superseded. */
  readonly earlier: readonly EventType<T>[];
}

/** `erp.order.created` → `ErpOrderCreated`: the Avro record name of the event. */
export function avroNameOf(type: string): string {
  return type
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export const AVRO_NAMESPACE = 'forewarn.events';

/** Which versions have had their schemas built in this process, in order: `type vN zod` or `type vN avro`. */
const builds: string[] = [];

/**
 * The schemas built so far (`erp.order.created v3 zod`: the Avro JSON and zod validator;
 * `… avro`: the avsc Type). A diagnostic for tests and memory checks: each entry appears once.
 */
export function builtSchemas(): readonly string[] {
  return builds;
}

function buildSchemas<T extends string, P extends Fields>(
  def: EventDefinition<T, P>,
  name: string,
) {
  const payload = record(`${name}Payload`, def.payload());
  const envelope = envelopeOfRevision[def.envelope ?? CURRENT_ENVELOPE](def.type);
  const spec = record(name, { ...envelope, payload }, def.summary);
  // Spreading after type/name keeps the conventional key order: type, name, namespace, doc, fields.
  const avroSchema: Json = {
    type: 'record',
    name,
    namespace: AVRO_NAMESPACE,
    ...(spec.avro as { [key: string]: Json }),
  };
  return { avroSchema, zod: spec.zod as EventZod<T, P> };
}

/**
 * One version of an event type. Its place in the catalog (type, version, schema id, topic) is
 * known at once; its schemas (Avro JSON and zod, then the avsc Type) are built the first time
 * one of them is read and kept. Built eagerly, the whole catalog cost every service 13-17 MB of
 * heap at import, most of it zod, while a service reads and writes a few topics' types.
 */
export function defineEvent<const T extends string, P extends Fields>(
  def: EventDefinition<T, P>,
): EventType<T, EventZod<T, P>> {
  const name = avroNameOf(def.type);
  let schemas: ReturnType<typeof buildSchemas<T, P>> | undefined;
  let avroType: avro.Type | undefined;
  const built = () => {
    if (!schemas) {
      schemas = buildSchemas(def, name);
      builds.push(`${def.type} v${def.version} zod`);
    }
    return schemas;
  };
  const { earlier = [], ...current } = def;
  return {
    type: def.type,
    version: def.version,
    schemaId: def.schemaId,
    topic: def.topic,
    kind: def.topic.startsWith('source.') ? 'source' : 'domain',
    summary: def.summary,
    get avroSchema() {
      return built().avroSchema;
    },
    get avro() {
      if (!avroType) {
        avroType = avro.Type.forSchema(built().avroSchema as avro.Schema);
        builds.push(`${def.type} v${def.version} avro`);
      }
      return avroType;
    },
    get zod() {
      return built().zod;
    },
    earlier: earlier.map((e) => defineEvent({ ...current, ...e })),
  };
}
