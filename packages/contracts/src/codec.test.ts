import { describe, expect, it } from 'vitest';
import { trackingScanned } from './events/carrier.js';
import { sampleOrderCreated, samplesByType, sampleTrackingScanned } from './fixtures/index.js';
import {
  ContractError,
  createCodec,
  createLookup,
  decodeEvent,
  defineEvent,
  encodeEvent,
  eventTypeByName,
  id,
  instant,
  int,
  optional,
  schemaIdOf,
  str,
  TOPIC,
  validateEvent,
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
    const { tenantId: _t, refs: _r, ...bare } = sampleTrackingScanned();
    const result = validateEvent(bare);
    expect(result.ok && result.event.tenantId).toBe('default');
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
    expect(contractErrorOf(() => decodeEvent(Buffer.from('{"type":"x"}'))).code).toBe(
      'malformed_message',
    );
    expect(contractErrorOf(() => decodeEvent(message.subarray(0, message.length - 3))).code).toBe(
      'malformed_message',
    );
  });

  it('reads data written with an older version as the latest version of the type', () => {
    const v2 = defineEvent({
      type: 'carrier.tracking.scanned',
      version: 2,
      schemaId: 90_301,
      topic: TOPIC.carrierTracking,
      summary: 'test v2',
      payload: {
        trackingNumber: id(),
        carrier: id(),
        status: trackingStatus(),
        exceptionReason: optional(exceptionReason()),
        carrierStatusCode: optional(str()),
        description: optional(str()),
        location: optional(scanLocation()),
        scannedAt: instant(),
        pieces: optional(int({ min: 1 })),
      },
    });
    const codec = createCodec(createLookup([trackingScanned, v2]));
    const decoded = codec.decodeEvent(codec.encodeEvent(sampleTrackingScanned()));
    expect(decoded.writtenWith).toBe(trackingScanned);
    expect(decoded.eventType).toBe(v2);
    expect(decoded.event).toMatchObject({
      schemaVersion: 1,
      payload: { pieces: null, status: 'in_transit' },
    });
  });
});
