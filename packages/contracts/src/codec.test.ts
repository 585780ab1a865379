import { DecodeError, unframe } from '@forewarn/serde';
import { describe, expect, it } from 'vitest';
import { trackingScanned } from './events/carrier.js';
import {
  sampleEvent,
  sampleOrderCreated,
  samplesByType,
  sampleTrackingScanned,
} from './fixtures/index.js';
import {
  ContractError,
  createCodec,
  type Codec,
  createLookup,
  decodeEvent,
  decodeRecord,
  defineEvent,
  domainEventTypes,
  encodeEvent,
  encodeEventAsLatest,
  encodeEventJson,
  eventTypeByName,
  eventTypes,
  id,
  instant,
  int,
  optional,
  readRecord,
  schemaIdOf,
  sourceEventTypes,
  str,
  supersededEventTypes,
  TOPIC,
  validateEvent,
  type EventType,
  type EventTypeName,
} from './index.js';
import { exceptionReason, scanLocation, trackingStatus } from './events/shared.js';

/** Avro gives null where JSON producers omit a field; compare the two forms without that difference. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function contractErrorOf(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('expected a ContractError');
}

/** A compatible next version of carrier.tracking.scanned (adds `pieces`), to test reading older data. */
const trackingScannedNext = defineEvent({
  type: 'carrier.tracking.scanned',
  version: 3,
  schemaId: 90_301,
  topic: TOPIC.carrierTracking,
  summary: 'test v2',
  payload: () => ({
    trackingNumber: id(),
    carrier: id(),
    status: trackingStatus(),
    exceptionReason: optional(exceptionReason()),
    carrierStatusCode: optional(str()),
    description: optional(str()),
    location: optional(scanLocation()),
    scannedAt: instant(),
    pieces: optional(int({ min: 1 })),
  }),
});

describe('codec', () => {
  it.each(Object.entries(samplesByType))(
    'round-trips the %s sample through Avro unchanged',
    (type, build) => {
      const event = build();
      const message = encodeEvent(event);
      expect(message.readUInt8(0)).toBe(0);
      expect(schemaIdOf(message)).toBe(eventTypeByName(type)?.schemaId);
      const decoded = decodeEvent(message);
      expect(decoded.event.type).toBe(type);
      expect(withoutNulls(decoded.event)).toEqual(withoutNulls(event));
    },
  );

  it('fills envelope defaults for JSON producers', () => {
    const { refs: _r, ...bare } = sampleTrackingScanned();
    const result = validateEvent(bare);
    expect(result.ok && result.event.refs).toEqual({});
  });

  it('rejects invalid events with reasons naming the fields', () => {
    const bad = sampleOrderCreated({
      occurredAt: '2025-03-03 09:00',
      payload: { currency: 'usd' },
    });
    const err = contractErrorOf(() => encodeEvent(bad));
    expect(err.code).toBe('invalid_event');
    expect(err.problems.join('\n')).toMatch(/^occurredAt: /m);
    expect(err.problems.join('\n')).toMatch(/^payload\.currency: /m);
    expect(validateEvent({ ...sampleOrderCreated(), sourceSystem: 'sap' }).ok).toBe(false);
  });

  it('rejects unknown types, versions, schema ids and malformed messages', () => {
    expect(validateEvent({ type: 'erp.order.exploded' })).toMatchObject({
      ok: false,
      code: 'unknown_type',
    });
    expect(validateEvent({ ...sampleOrderCreated(), schemaVersion: 7 })).toMatchObject({
      ok: false,
      problems: ['type: unknown event type erp.order.created v7'],
    });
    expect(validateEvent('nope')).toMatchObject({ ok: false, code: 'unknown_type' });
    const message = encodeEvent(sampleOrderCreated());
    const unknownId = Buffer.from(message);
    unknownId.writeUInt32BE(999_999, 1);
    expect(contractErrorOf(() => decodeEvent(unknownId)).code).toBe('unknown_schema_id');
    const garbage = contractErrorOf(() => decodeEvent(Buffer.from('hello')));
    expect(garbage.code).toBe('malformed_message');
    expect(garbage.problems[0]).toMatch(/bad-magic/);
    expect(garbage.cause).toBeInstanceOf(DecodeError);
    expect(contractErrorOf(() => decodeEvent(Buffer.from([0, 0, 1]))).problems[0]).toMatch(
      /short-buffer/,
    );
    expect(contractErrorOf(() => schemaIdOf(Buffer.alloc(0))).code).toBe('malformed_message');
    expect(contractErrorOf(() => decodeEvent(message.subarray(0, message.length - 3))).code).toBe(
      'malformed_message',
    );
  });

  it.each([
    ['Avro', (codec: Codec, event: object) => codec.encodeEvent(event)],
    ['JSON', (_codec: Codec, event: object) => Buffer.from(JSON.stringify(event))],
  ])('reads %s written with an older version as the latest version of the type', (_, write) => {
    const codec = createCodec(createLookup([trackingScanned, trackingScannedNext]));
    const older = sampleTrackingScanned();
    const decoded = codec.decodeEvent(write(codec, older));
    expect(decoded.writtenWith).toBe(trackingScanned);
    expect(decoded.eventType).toBe(trackingScannedNext);
    expect(decoded.event).toMatchObject({
      eventId: older.eventId,
      schemaVersion: 2,
      payload: { pieces: null, status: 'in_transit' },
    });
  });

  it('marks its errors as not worth retrying', () => {
    const err = contractErrorOf(() => decodeEvent(Buffer.from('hello')));
    expect(err.retriable).toBe(false);
    expect(err.name).toBe('ContractError');
    expect(new ContractError('invalid_event', ['x: bad']).retriable).toBe(false);
  });
});

describe('codec, JSON messages', () => {
  it.each(Object.entries(samplesByType))(
    'round-trips the %s sample through JSON as its validated form',
    (type, build) => {
      const event = build();
      const message = encodeEventJson(event);
      expect(message.toString('utf8').startsWith('{')).toBe(true);
      const decoded = decodeEvent(message);
      const expected = validateEvent(event);
      if (!expected.ok) throw new Error(`sample ${type} should be valid`);
      expect(decoded.event).toEqual(expected.event);
      expect(decoded.eventType).toBe(eventTypeByName(type));
      expect(decoded.writtenWith).toBe(decoded.eventType);
    },
  );

  it('accepts what a source system publishes: leading whitespace, envelope defaults left out', () => {
    const { refs: _r, ...bare } = sampleOrderCreated();
    const decoded = decodeEvent(Buffer.from(`\r\n\t ${JSON.stringify(bare)}\n`));
    expect(decoded.event).toMatchObject({ type: 'erp.order.created', refs: {} });
    expect(decoded.event.eventId).toBe(bare.eventId);
  });

  it('rejects an invalid event with the code and problems validateEvent gives, by field path', () => {
    const bad = sampleOrderCreated({
      occurredAt: '2025-03-03 09:00',
      payload: { currency: 'usd' },
    });
    const err = contractErrorOf(() => decodeEvent(Buffer.from(JSON.stringify(bad))));
    expect(err.code).toBe('invalid_event');
    expect(err.problems.join('\n')).toMatch(/^occurredAt: /m);
    expect(err.problems.join('\n')).toMatch(/^payload\.currency: /m);
    expect(validateEvent(bad)).toEqual({ ok: false, code: err.code, problems: err.problems });
    expect(err.retriable).toBe(false);
    expect(contractErrorOf(() => encodeEventJson(bad)).code).toBe('invalid_event');
  });

  it('rejects unknown types and versions like validateEvent does', () => {
    const unknown = contractErrorOf(() =>
      decodeEvent(Buffer.from('{"type":"erp.order.exploded"}')),
    );
    expect(unknown).toMatchObject({
      code: 'unknown_type',
      problems: ['type: unknown event type erp.order.exploded'],
    });
    const noType = contractErrorOf(() => decodeEvent(Buffer.from('{"orderId":"SO-1"}')));
    expect(noType).toMatchObject({ code: 'unknown_type', problems: ['type: missing'] });
    const v7 = JSON.stringify({ ...sampleOrderCreated(), schemaVersion: 7 });
    expect(contractErrorOf(() => decodeEvent(Buffer.from(v7))).code).toBe('unknown_type');
  });

  it('rejects garbage that starts like JSON as malformed', () => {
    for (const text of ['{"type":', '{not json}', '{"a":1}}']) {
      const err = contractErrorOf(() => decodeEvent(Buffer.from(text)));
      expect(err.code).toBe('malformed_message');
      expect(err.problems[0]).toMatch(/^invalid JSON: /);
      expect(err.cause).toBeInstanceOf(SyntaxError);
    }
    expect(contractErrorOf(() => decodeEvent(Buffer.from(' \n'))).code).toBe('malformed_message');
  });
});

describe('decodeRecord, the decoder every consumer uses', () => {
  it.each(Object.entries(samplesByType))('reads %s as JSON and as Avro alike', (_type, build) => {
    const event = build();
    const fromAvro = decodeRecord({ value: encodeEvent(event) });
    const fromJson = decodeRecord({ value: Buffer.from(JSON.stringify(event)) });
    expect(fromAvro.eventId).toBe(event.eventId);
    expect(withoutNulls(fromJson)).toEqual(withoutNulls(fromAvro));
  });

  it('rejects a record without a value, and garbage, with a reason', () => {
    for (const value of [null, Buffer.alloc(0)]) {
      const err = contractErrorOf(() => decodeRecord({ value }));
      expect(err.code).toBe('malformed_message');
      expect(err.problems).toEqual(['empty record: it has no value']);
    }
    expect(contractErrorOf(() => decodeRecord({ value: Buffer.from('hi') })).code).toBe(
      'malformed_message',
    );
  });
});

describe('the envelope without tenantId (one deployment serves one distributor)', () => {
  const hasTenant = (e: EventType) =>
    ((e.avroSchema as { fields: { name: string }[] }).fields ?? []).some(
      (f) => f.name === 'tenantId',
    );
  const withTenant = eventTypes.filter(hasTenant);

  it('is written by every current version; every version released with tenantId stays readable', () => {
    expect([...sourceEventTypes, ...domainEventTypes].filter(hasTenant)).toEqual([]);
    // Each of the 37 types released before the change has at least one version with tenantId.
    expect(new Set(withTenant.map((e) => e.type)).size).toBe(37);
    expect(withTenant.every((e) => supersededEventTypes.includes(e))).toBe(true);
  });

  it.each(withTenant.map((e) => [`${e.type} v${e.version}`, e] as const))(
    'reads an old %s Avro message carrying tenantId as the latest version, in every consumer path',
    async (_name, old) => {
      const sample = { ...sampleEvent(old.type as EventTypeName), schemaVersion: old.version };
      const message = encodeEvent({ ...sample, tenantId: 'acme' });
      const { schemaId, payload } = unframe(message);
      expect(schemaId).toBe(old.schemaId);
      expect(old.avro.fromBuffer(payload)).toMatchObject({ tenantId: 'acme' });

      const latest = eventTypeByName(old.type)!;
      const decoded = decodeEvent(message);
      expect(decoded.writtenWith).toBe(old);
      expect(decoded.eventType).toBe(latest);
      for (const event of [
        decoded.event,
        decodeRecord({ value: message }),
        await readRecord({ value: message }),
      ]) {
        expect(event).not.toHaveProperty('tenantId');
        expect(event).toMatchObject({
          eventId: sample.eventId,
          type: old.type,
          schemaVersion: old.version,
        });
        expect(latest.zod.safeParse(event).success).toBe(true);
      }
    },
  );

  it.each(Object.entries(samplesByType))(
    'writes %s with the current version, no tenantId in the bytes',
    (type, build) => {
      const message = encodeEvent(build());
      const current = eventTypeByName(type)!;
      const { schemaId, payload } = unframe(message);
      expect(schemaId).toBe(current.schemaId);
      expect(hasTenant(current)).toBe(false);
      expect(current.avro.fromBuffer(payload)).not.toHaveProperty('tenantId');
      expect(payload.includes(Buffer.from('default'))).toBe(false);
    },
  );

  it('re-publishes a source event that declares an old version as the latest, without tenantId', () => {
    const current = sampleTrackingScanned();
    const old = { ...current, schemaVersion: 1, tenantId: 'default' };
    const message = encodeEventAsLatest(old);
    const latest = eventTypeByName('carrier.tracking.scanned')!;
    const { schemaId, payload } = unframe(message);
    expect(schemaId).toBe(latest.schemaId);
    expect(latest.avro.fromBuffer(payload)).not.toHaveProperty('tenantId');
    const decoded = decodeEvent(message);
    expect(decoded.writtenWith).toBe(latest);
    expect(decoded.event).toMatchObject({
      eventId: current.eventId,
      schemaVersion: latest.version,
    });
    expect(withoutNulls(decoded.event)).toEqual(
      withoutNulls(decodeEvent(encodeEvent(current)).event),
    );
    // The latest version goes out as encodeEvent writes it; an invalid event is refused alike.
    expect(encodeEventAsLatest(current)).toEqual(encodeEvent(current));
    expect(contractErrorOf(() => encodeEventAsLatest({ ...old, occurredAt: 'soon' })).code).toBe(
      'invalid_event',
    );
  });

  it('accepts JSON that still sends tenantId, with or without an old schemaVersion, and strips it', () => {
    const current = sampleTrackingScanned();
    const latest = decodeEvent(Buffer.from(JSON.stringify({ ...current, tenantId: 'default' })));
    expect(latest.writtenWith).toBe(latest.eventType);
    const old = decodeEvent(
      Buffer.from(JSON.stringify({ ...current, schemaVersion: 1, tenantId: 'default' })),
    );
    expect(old.writtenWith.version).toBe(1);
    for (const { event } of [latest, old]) {
      expect(event).not.toHaveProperty('tenantId');
      expect(event.eventId).toBe(current.eventId);
    }
    const valid = validateEvent({ ...current, tenantId: 'default' });
    expect(valid.ok && valid.event).not.toHaveProperty('tenantId');
    expect(encodeEventJson({ ...current, tenantId: 'default' }).toString()).not.toMatch(/tenantId/);
  });
});

describe('order events carry their site from version 4', () => {
  const orderTypes = domainEventTypes.filter((e) => e.topic === TOPIC.orders);

  it.each(orderTypes.map((e) => [e.type, e] as const))(
    'writes %s with the site and reads a version 3 message (no site) as version 4 with siteId null',
    (type, current) => {
      expect(current.version).toBe(4);
      const sample = sampleEvent(type as EventTypeName) as { payload: { siteId?: string } };
      expect(sample.payload.siteId).toBe('WH-ATL');
      const written = decodeEvent(encodeEvent(sample as never)).event as typeof sample;
      expect(written.payload.siteId).toBe('WH-ATL');

      const old = eventTypeByName(type, 3)!;
      const message = encodeEvent({ ...sample, schemaVersion: 3 } as never);
      expect(unframe(message).schemaId).toBe(old.schemaId);
      const decoded = decodeEvent(message);
      expect(decoded.writtenWith).toBe(old);
      expect(decoded.eventType).toBe(current);
      expect((decoded.event as typeof sample).payload.siteId).toBeNull();
    },
  );
});
