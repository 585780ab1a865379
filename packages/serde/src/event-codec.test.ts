import { describe, expect, it } from 'vitest';
import { orderCreatedV1, orderCreatedV2, testCatalog } from './__fixtures__/catalog.js';
import { DecodeError, EncodeError, type DecodeReason } from './errors.js';
import { EventCodec } from './event-codec.js';
import { frame } from './wire-format.js';

const codec = new EventCodec(testCatalog);
const order = {
  orderId: 'SO-1',
  occurredAt: '2025-03-01T10:00:00.000Z',
  lines: [{ sku: 'A-1', qty: 2 }],
};

function failure<E extends Error>(kind: new (...a: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof kind) return err;
    throw err;
  }
  throw new Error(`expected ${kind.name}`);
}
const decodeReason = (buf: Buffer): DecodeReason =>
  failure(DecodeError, () => codec.decode(buf)).reason;

describe('EventCodec round trips', () => {
  it('Avro: frames with the version schema id and decodes back to the same value', () => {
    const buf = codec.encodeAvro('erp.order.created', order, { version: 1 });
    expect(buf.readInt32BE(1)).toBe(orderCreatedV1.schemaId);
    const out = codec.decode(buf);
    expect(out).toEqual({ type: 'erp.order.created', version: 1, value: order, format: 'avro' });
  });

  it('encodes the latest version when none is asked for', () => {
    const v2 = { orderId: 'SO-2', occurredAt: '2025-03-01T10:00:00.000Z', poNumber: null };
    const buf = codec.encodeAvro('erp.order.created', v2);
    expect(buf.readInt32BE(1)).toBe(orderCreatedV2.schemaId);
    expect(codec.decode(buf).version).toBe(2);
  });

  it('JSON: writes type and schemaVersion, and strips them for strict schemas on the way back', () => {
    const v2 = { orderId: 'SO-2', occurredAt: '2025-03-01T10:00:00.000Z', poNumber: 'PO-9' };
    const buf = codec.encodeJson('erp.order.created', v2);
    expect(JSON.parse(buf.toString())).toMatchObject({
      type: 'erp.order.created',
      schemaVersion: 2,
    });
    expect(codec.decode(buf)).toEqual({
      type: 'erp.order.created',
      version: 2,
      value: v2,
      format: 'json',
    });
  });

  it('JSON without schemaVersion decodes as the latest version; leading whitespace is fine', () => {
    const body = ` \n{"type":"erp.order.created","orderId":"SO-3","occurredAt":"2025-03-01T10:00:00Z","poNumber":null}`;
    expect(codec.decode(Buffer.from(body))).toMatchObject({
      version: 2,
      value: { orderId: 'SO-3' },
    });
  });

  it('keeps `type` in the value when the schema declares it', () => {
    const delayed = {
      type: 'tms.shipment.delayed' as const,
      shipmentId: 'S1',
      newEta: '2025-03-02T00:00:00Z',
    };
    expect(codec.decode(codec.encodeJson('tms.shipment.delayed', delayed)).value).toEqual(delayed);
    expect(codec.decode(codec.encodeAvro('tms.shipment.delayed', delayed)).value).toEqual(delayed);
  });
});

describe('EventCodec decode failures', () => {
  it('empty payload', () => expect(decodeReason(Buffer.alloc(0))).toBe('empty-payload'));
  it('neither Avro nor JSON', () =>
    expect(decodeReason(Buffer.from('hello'))).toBe('unknown-format'));
  it('Avro header cut short', () =>
    expect(decodeReason(Buffer.from([0, 0, 0]))).toBe('short-buffer'));
  it('schema id not in the catalog', () => {
    expect(decodeReason(frame(999, Buffer.from([2, 65])))).toBe('unknown-schema-id');
  });
  it('Avro bytes that do not match the schema', () => {
    const good = codec.encodeAvro('erp.order.created', order, { version: 1 });
    expect(decodeReason(good.subarray(0, good.length - 2))).toBe('invalid-avro');
    expect(decodeReason(Buffer.concat([good, Buffer.from([1, 2, 3])]))).toBe('invalid-avro');
  });
  it('JSON that does not parse, is not an object, or has no string type', () => {
    expect(decodeReason(Buffer.from('{"type":'))).toBe('invalid-json');
    expect(decodeReason(Buffer.from('{"type":7}'))).toBe('invalid-json');
    expect(decodeReason(Buffer.from('{"type":"erp.order.created","schemaVersion":"2"}'))).toBe(
      'invalid-json',
    );
  });
  it('unknown type and unknown version', () => {
    expect(decodeReason(Buffer.from('{"type":"erp.nope"}'))).toBe('unknown-type');
    expect(decodeReason(Buffer.from('{"type":"erp.order.created","schemaVersion":9}'))).toBe(
      'unknown-version',
    );
  });
  it('valid Avro that breaks the zod contract lists each issue with its path', () => {
    const raw = orderCreatedV1.avro.toBuffer({
      orderId: 'SO-1',
      occurredAt: 'yesterday',
      lines: [{ sku: '', qty: 0 }],
    });
    const err = failure(DecodeError, () => codec.decode(frame(orderCreatedV1.schemaId, raw)));
    expect(err.reason).toBe('validation-failed');
    expect(err.issues.map((i) => i.split(':')[0])).toEqual([
      'occurredAt',
      'lines.0.sku',
      'lines.0.qty',
    ]);
    expect(err.message).toContain('lines.0.qty');
    expect(err.retriable).toBe(false);
  });
  it('JSON that breaks a strict schema is rejected with the unknown key', () => {
    const body =
      '{"type":"erp.order.created","orderId":"x","occurredAt":"2025-03-01T10:00:00Z","poNumber":null,"extra":1}';
    const err = failure(DecodeError, () => codec.decode(Buffer.from(body)));
    expect(err.reason).toBe('validation-failed');
    expect(err.issues.join()).toContain('extra');
  });
});

describe('EventCodec encode and construction failures', () => {
  it('refuses values that break the contract or the Avro schema, and unknown types', () => {
    const bad = { ...order, lines: [{ sku: 'A', qty: -1 }] };
    expect(
      failure(EncodeError, () => codec.encodeAvro('erp.order.created', bad, { version: 1 })).reason,
    ).toBe('validation-failed');
    const tooBig = { ...order, lines: [{ sku: 'A', qty: 2 ** 40 }] };
    expect(
      failure(EncodeError, () => codec.encodeAvro('erp.order.created', tooBig, { version: 1 }))
        .reason,
    ).toBe('invalid-avro');
    // @ts-expect-error the type is not in the catalog
    expect(failure(EncodeError, () => codec.encodeJson('erp.nope', {})).reason).toBe(
      'unknown-type',
    );
  });

  it('rejects a catalog with a repeated schema id or type version', () => {
    expect(() => new EventCodec([orderCreatedV1, { ...orderCreatedV2, schemaId: 11 }])).toThrow(
      /schema id 11/,
    );
    expect(() => new EventCodec([orderCreatedV1, { ...orderCreatedV1, schemaId: 99 }])).toThrow(
      /twice/,
    );
  });
});
