import { frame, LocalSchemaRegistry } from '@forewarn/serde';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContractError,
  decodeRecord,
  encodeEvent,
  readRecord,
  SchemaRegistryUnavailable,
  schemaIdOf,
  useSchemaIds,
} from './codec.js';
import { sampleEvent } from './fixtures/index.js';
import { eventTypeByName, eventTypes } from './registry.js';
import {
  bindSchemaRegistry,
  judgeLookup,
  subjectOf,
  useSchemaRegistry,
} from './schema-registry-binding.js';

// The embedded registry stands in for a Confluent-compatible one: with no preset ids it assigns
// its own (content-derived), never the catalog's, as a real registry would.
afterEach(() => useSchemaIds(undefined));

const orderCreated = eventTypeByName('erp.order.created')!;

function unknownDecode(value: Buffer): ContractError {
  try {
    decodeRecord({ value });
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('decoded');
}

describe('a schema registry bound to the codec', () => {
  it('registers every version of every type under its record name, oldest first', async () => {
    const registry = new LocalSchemaRegistry();
    const ids = await bindSchemaRegistry(registry);
    expect(subjectOf(orderCreated)).toBe('forewarn.events.ErpOrderCreated');
    const versions = eventTypes.filter((e) => e.type === 'erp.order.created');
    expect(versions.length).toBeGreaterThan(1);
    expect(registry.versions('forewarn.events.ErpOrderCreated')).toEqual(
      [...versions].sort((a, b) => a.version - b.version).map((e) => ids.idOf(e)),
    );
  });

  it('frames produced messages with the registry’s ids and reads them back', async () => {
    const registry = new LocalSchemaRegistry();
    const ids = await useSchemaRegistry(registry);
    const event = sampleEvent('erp.order.created');
    const message = encodeEvent(event);
    expect(schemaIdOf(message)).toBe(ids.idOf(orderCreated));
    expect(schemaIdOf(message)).not.toBe(orderCreated.schemaId);
    expect(await registry.getById(schemaIdOf(message))).toEqual(orderCreated.avroSchema);
    expect(decodeRecord({ value: message })).toEqual(decodeRecord({ value: encodeEvent(event) }));
    expect(decodeRecord({ value: message })).toMatchObject({
      type: event.type,
      eventId: event.eventId,
    });
  });

  it('without a registry, frames with the catalog’s fixed ids as before', async () => {
    await useSchemaRegistry(new LocalSchemaRegistry());
    useSchemaIds(undefined);
    expect(schemaIdOf(encodeEvent(sampleEvent('erp.order.created')))).toBe(orderCreated.schemaId);
  });

  it('resolves an id another producer registered (a newer version) from the registry', async () => {
    const registry = new LocalSchemaRegistry();
    const ids = await useSchemaRegistry(registry);
    // A producer a release ahead: its version adds an optional field (BACKWARD compatible).
    const base = orderCreated.avroSchema as { fields: { name: string }[] };
    const newer = {
      ...base,
      fields: [...base.fields, { name: 'channel', type: ['null', 'string'], default: null }],
    };
    const id = await registry.register(subjectOf(orderCreated), newer);
    const event = sampleEvent('erp.order.created');
    const { Type } = (await import('avsc')).default;
    const message = frame(
      id,
      Type.forSchema(newer as never).toBuffer({ ...event, channel: 'edi' }),
    );

    // The synchronous decoder alone does not know it; the consumers' resolve step asks first.
    expect(unknownDecode(message).code).toBe('unknown_schema_id');
    const decoded = await readRecord({ value: message });
    expect(decoded).toMatchObject(event);
    expect(decoded).not.toHaveProperty('channel');
    expect(ids.writerOf(id)).toBeDefined();
  });

  it('refuses an id whose schema is not one of our events, naming it', async () => {
    const registry = new LocalSchemaRegistry();
    const ids = await useSchemaRegistry(registry);
    const foreign = { type: 'record', name: 'Other', namespace: 'acme', fields: [] };
    const id = await registry.register('acme.Other', foreign);
    expect(await ids.resolve(id)).toBeUndefined();
    const err = unknownDecode(frame(id, Buffer.alloc(0)));
    expect(err.problems[0]).toBe(`schema id ${id} is acme.Other, not a Forewarn event`);
    await expect(readRecord({ value: frame(id, Buffer.alloc(0)) })).rejects.toThrow(
      /acme.Other, not a Forewarn event/,
    );
  });

  it('holds a record whose id the registry cannot be asked about: it is not refused', async () => {
    const registry = new LocalSchemaRegistry();
    await useSchemaRegistry({
      register: (subject, schema) => registry.register(subject, schema),
      getById: () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { status: 400 })),
    });
    await expect(readRecord({ value: frame(424242, Buffer.alloc(0)) })).rejects.toBeInstanceOf(
      SchemaRegistryUnavailable,
    );
  });
});

describe('judgeLookup: what a registry lookup of an unknown schema id decides', () => {
  const ours = (name: string) =>
    name === subjectOf(orderCreated) ? eventTypeByName('erp.order.created') : undefined;
  const rejected = (reason: unknown): PromiseSettledResult<object> => ({
    status: 'rejected',
    reason,
  });
  const found = (value: object): PromiseSettledResult<object> => ({ status: 'fulfilled', value });

  it('a schema of one of our types: resolved, read with the writer schema under the id', () => {
    const outcome = judgeLookup(77, found(orderCreated.avroSchema as object), ours);
    expect(outcome.kind).toBe('resolved');
    if (outcome.kind === 'resolved') {
      expect(outcome.eventType.type).toBe('erp.order.created');
      expect(outcome.eventType.schemaId).toBe(77);
    }
  });

  it('404 from the registry: refused (dead-lettered) with the reason', () => {
    const err = Object.assign(new Error('Schema 77 not found'), { status: 404 });
    expect(judgeLookup(77, rejected(err), ours)).toEqual({
      kind: 'refused',
      problem: 'schema id 77 is not in the schema registry (404: Schema 77 not found)',
    });
  });

  it.each([
    ['a refused connection (the client reports it as 400)', { status: 400 }],
    ['a server error', { status: 503 }],
    ['a failure with no HTTP status', {}],
  ])('%s: unavailable (retried, never dead-lettered)', (_what, extra) => {
    const err = Object.assign(new Error('registry trouble'), extra);
    expect(judgeLookup(77, rejected(err), ours).kind).toBe('unavailable');
  });

  it('a schema that is no Forewarn event, or no Avro at all: refused, naming it', () => {
    const foreign = { type: 'record', name: 'Other', namespace: 'acme', fields: [] };
    expect(judgeLookup(5, found(foreign), ours)).toEqual({
      kind: 'refused',
      problem: 'schema id 5 is acme.Other, not a Forewarn event',
    });
    expect(judgeLookup(5, found({ type: 'nonsense' }), ours).kind).toBe('refused');
  });
});
