import { describe, expect, it } from 'vitest';
import { orderCreatedV1, orderCreatedV2, testCatalog } from './__fixtures__/catalog.js';
import { assignSchemaIds } from './catalog.js';
import { EventCodec } from './event-codec.js';
import { canonicalJson, contentSchemaId, LocalSchemaRegistry } from './schema-registry.js';

describe('LocalSchemaRegistry', () => {
  it('keeps the ids a catalog gives and serves schemas by id', async () => {
    const registry = LocalSchemaRegistry.fromCatalog(testCatalog);
    expect(
      await registry.register('erp.order.created', orderCreatedV2.avro.schema() as object),
    ).toBe(12);
    expect(await registry.getById(11)).toEqual(orderCreatedV1.avro.schema());
    expect(registry.versions('erp.order.created')).toEqual([11, 12]);
  });

  it('assigns content-derived ids: same schema, same id, in any process and any key order', async () => {
    const a = new LocalSchemaRegistry();
    const b = new LocalSchemaRegistry();
    const id = await a.register('s', { type: 'record', name: 'X', fields: [] });
    await b.register('other', { type: 'string' });
    expect(await b.register('s', { fields: [], name: 'X', type: 'record' })).toBe(id);
    expect(id).toBe(contentSchemaId({ type: 'record', name: 'X', fields: [] }));
    expect(id).toBeGreaterThan(0);
    expect(await a.register('s2', { type: 'string' })).not.toBe(id);
  });

  it('rejects unknown ids and conflicting presets', async () => {
    await expect(new LocalSchemaRegistry().getById(5)).rejects.toThrow(/not registered/);
    expect(
      () =>
        new LocalSchemaRegistry([
          { subject: 'a', schema: { type: 'string' }, id: 1 },
          { subject: 'b', schema: { type: 'int' }, id: 1 },
        ]),
    ).toThrow(/already taken/);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('assignSchemaIds', () => {
  it('builds a working catalog from whatever ids the registry hands out', async () => {
    const registry = new LocalSchemaRegistry();
    const defs = testCatalog.map(({ schemaId: _drop, ...rest }) => rest);
    const catalog = await assignSchemaIds(registry, defs);
    const codec = new EventCodec(catalog);
    const buf = codec.encodeAvro('tms.shipment.delayed', {
      type: 'tms.shipment.delayed',
      shipmentId: 'S',
      newEta: '2025-01-01T00:00:00Z',
    });
    expect(await registry.getById(buf.readInt32BE(1))).toEqual(testCatalog[2].avro.schema());
    expect(codec.decode(buf).type).toBe('tms.shipment.delayed');
  });
});
