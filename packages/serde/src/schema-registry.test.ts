import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contentSchemaId,
  LocalSchemaRegistry,
  recordNameOf,
} from './schema-registry.js';

const record = (name: string, fields: { name: string; type: unknown }[]) => ({
  type: 'record',
  name,
  namespace: 'forewarn.events',
  fields,
});
const orderV1 = record('OrderCreated', [{ name: 'orderId', type: 'string' }]);
const orderV2 = record('OrderCreated', [
  { name: 'orderId', type: 'string' },
  { name: 'poNumber', type: ['null', 'string'] },
]);
const delayed = record('ShipmentDelayed', [{ name: 'shipmentId', type: 'string' }]);

/** The shape `fromCatalog` reads: what @forewarn/contracts' event types look like. */
const catalog = [
  { type: 'erp.order.created', schemaId: 11, avro: { schema: () => orderV1 } },
  { type: 'erp.order.created', schemaId: 12, avro: { schema: () => orderV2 } },
  { type: 'tms.shipment.delayed', schemaId: 21, avro: { schema: () => delayed } },
];

describe('LocalSchemaRegistry', () => {
  it('keeps the ids a catalog gives and serves schemas by id', async () => {
    const registry = LocalSchemaRegistry.fromCatalog(catalog);
    expect(await registry.register('forewarn.events.OrderCreated', orderV2)).toBe(12);
    expect(await registry.getById(11)).toEqual(orderV1);
    expect(await registry.getById(21)).toEqual(delayed);
    expect(registry.versions('forewarn.events.OrderCreated')).toEqual([11, 12]);
  });

  it('adds new schemas next to preset ones and lists them under their subject', async () => {
    const registry = LocalSchemaRegistry.fromCatalog(catalog);
    const v3 = record('OrderCreated', [{ name: 'orderId', type: 'long' }]);
    const id = await registry.register('forewarn.events.OrderCreated', v3);
    expect(id).toBe(contentSchemaId(v3));
    expect(await registry.getById(id)).toEqual(v3);
    expect(registry.versions('forewarn.events.OrderCreated')).toEqual([11, 12, id]);
    expect(registry.versions('nobody')).toEqual([]);
  });

  it('names subjects after the record (record-name strategy), not the event type', () => {
    const registry = LocalSchemaRegistry.fromCatalog(catalog);
    expect(registry.versions('forewarn.events.ShipmentDelayed')).toEqual([21]);
    expect(registry.versions('tms.shipment.delayed')).toEqual([]);
    expect(recordNameOf({ name: 'acme.Thing', namespace: 'ignored' })).toBe('acme.Thing');
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
    expect(
      () =>
        new LocalSchemaRegistry([
          { subject: 'a', schema: { type: 'string' }, id: 1 },
          { subject: 'b', schema: { type: 'string' }, id: 2 },
        ]),
    ).toThrow(/already registered as id 1/);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
