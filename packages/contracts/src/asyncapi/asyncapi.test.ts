import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allTopics, eventTypes } from '../index.js';
import { buildAsyncApi } from './build.js';
import { generatedFiles, listJsonSchemaFiles, PACKAGE_DIR } from './generated-files.js';
import { toJsonSchema } from './json-schema.js';
import { asyncApiErrors } from './validate.js';

type Doc = {
  channels: Record<string, { address: string; messages?: Record<string, unknown> }>;
  operations: Record<string, { action: string }>;
  components: {
    messages: Record<
      string,
      { payload: { properties: Record<string, unknown> }; 'x-schema-id': number }
    >;
  };
};

describe('AsyncAPI document', () => {
  const doc = buildAsyncApi() as unknown as Doc;

  it('is valid AsyncAPI 3', async () => {
    expect(await asyncApiErrors(buildAsyncApi())).toEqual([]);
  });

  it('has a channel per topic, a message per event type and send/receive operations', () => {
    const addresses = Object.values(doc.channels).map((c) => c.address);
    for (const t of allTopics) expect(addresses).toContain(t.name);
    const messages = Object.values(doc.components.messages);
    expect(messages.map((m) => m['x-schema-id']).sort()).toEqual(
      eventTypes.map((e) => e.schemaId).sort(),
    );
    expect(messages.every((m) => 'payload' in m.payload.properties)).toBe(true);
    const actions = Object.values(doc.operations).map((o) => o.action);
    expect(actions.filter((a) => a === 'send')).toHaveLength(allTopics.length);
    expect(actions.filter((a) => a === 'receive')).toHaveLength(allTopics.length);
  });

  it.each([
    [
      'an unknown operation action',
      (d: Doc) => void (d.operations.sendOrders!.action = 'publish'),
      /^operations\.sendOrders\.action: /,
    ],
    ['a reference to a missing channel', (d: Doc) => void delete d.channels.orders, /orders/],
    [
      'a payload that is not a JSON Schema',
      (d: Doc) =>
        void ((
          d.components.messages.ErpOrderCreatedV1!.payload as unknown as { type: string }
        ).type = 'objekt'),
      /^components\.messages\.ErpOrderCreatedV1\.payload\.type: /,
    ],
  ])('rejects a document with %s', async (_what, breakIt, expected) => {
    const broken = structuredClone(buildAsyncApi()) as unknown as Doc;
    breakIt(broken);
    const errors = await asyncApiErrors(broken as unknown as Record<string, unknown>);
    expect(errors).toContainEqual(expect.stringMatching(expected));
  });
});

describe('JSON Schema export', () => {
  it('describes the event for producers, with defaults optional', () => {
    const schema = toJsonSchema('carrier.tracking.scanned') as {
      $id: string;
      required: string[];
      properties: {
        type: { const: string };
        payload: { properties: { status: { enum: string[] } } };
      };
    };
    expect(schema.$id).toBe('urn:forewarn:event:carrier.tracking.scanned:v2');
    expect(schema.properties.type.const).toBe('carrier.tracking.scanned');
    expect(schema.required).toEqual(
      expect.arrayContaining(['eventId', 'type', 'occurredAt', 'payload']),
    );
    expect(schema.required).not.toContain('refs');
    expect(schema.properties).not.toHaveProperty('tenantId');
    expect(schema.properties.payload.properties.status.enum).toContain('out_for_delivery');
    expect(() => toJsonSchema('erp.order.exploded')).toThrow(/unknown event type/);
  });
});

describe('generated files', () => {
  it('are up to date with the catalog (run `pnpm --filter @forewarn/contracts asyncapi`)', () => {
    const files = generatedFiles();
    expect(listJsonSchemaFiles().sort()).toEqual(
      [...files.keys()].filter((p) => p.startsWith('jsonschema')).sort(),
    );
    for (const [path, content] of files) {
      expect(JSON.parse(readFileSync(join(PACKAGE_DIR, path), 'utf8')), path).toEqual(content);
    }
  });
});

describe('producers and consumers from the services', () => {
  type Ops = Record<
    string,
    { summary: string; 'x-producers'?: string[]; 'x-consumers'?: string[] }
  >;
  const ops = (services?: Parameters<typeof buildAsyncApi>[0]) =>
    (buildAsyncApi(services) as unknown as { operations: Ops }).operations;

  it('names the services that declare a topic, and the outside publishers of a source topic', () => {
    const o = ops({
      services: [
        { name: 'ingestion', produces: ['source.carrier.tracking'], consumers: {} },
        {
          name: 'shipment',
          consumers: {
            ingest: {
              group: 'shipment',
              topics: ['source.carrier.tracking'],
              deadLetterGroup: 'shipment',
            },
          },
          produces: ['domain.shipments'],
        },
        {
          name: 'order',
          consumers: {
            order: { group: 'order', topics: ['domain.shipments'], deadLetterGroup: 'order' },
          },
          produces: [],
        },
      ],
    });
    expect(o.sendCarrierTracking!['x-producers']).toEqual([
      ...allTopics.find((t) => t.key === 'carrierTracking')!.outsidePublishers,
      'ingestion',
    ]);
    expect(o.receiveCarrierTracking!['x-consumers']).toEqual(['shipment (shipment)']);
    expect(o.sendShipments!['x-producers']).toEqual(['shipment']);
    expect(o.receiveShipments!['x-consumers']).toEqual(['order (order)']);
    expect(o.receiveCases!.summary).toBe('Consumed by nobody');
  });

  it('lists, by default, every consumer group SERVICE_TOPICS declares on a topic', () => {
    const o = ops();
    expect(o.receiveShipments!['x-consumers']).toEqual([
      'order (order)',
      'exception-detector (exception-detector-domain)',
      'notification (notification)',
    ]);
    expect(o.sendShipments!['x-producers']).toEqual(['shipment']);
  });
});
