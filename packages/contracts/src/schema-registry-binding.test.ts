import { frame, LocalSchemaRegistry } from '@forewarn/serde';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, decodeRecord, encodeEvent, schemaIdOf, useSchemaIds } from './codec.js';
import { sampleEvent } from './fixtures/index.js';
import { eventTypeByName, eventTypes } from './registry.js';
import { bindSchemaRegistry, subjectOf, useSchemaRegistry } from './schema-registry-binding.js';

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

    const first = unknownDecode(message);
    expect(first.code).toBe('unknown_schema_id');
    expect(first.problems[0]).toMatch(/being fetched from the schema registry/);
    await ids.resolve(id);
    const decoded = decodeRecord({ value: message });
    expect(decoded).toMatchObject(event);
    expect(decoded).not.toHaveProperty('channel');
  });

  it('refuses an id whose schema is not one of our events, naming it', async () => {
    const registry = new LocalSchemaRegistry();
    const ids = await useSchemaRegistry(registry);
    const foreign = { type: 'record', name: 'Other', namespace: 'acme', fields: [] };
    const id = await registry.register('acme.Other', foreign);
    expect(await ids.resolve(id)).toBeUndefined();
    const err = unknownDecode(frame(id, Buffer.alloc(0)));
    expect(err.problems[0]).toBe(`schema id ${id} is acme.Other, not a Forewarn event`);
  });
});
