import { describe, expect, expectTypeOf, it } from 'vitest';
import { sampleEvent, samplesByType } from './fixtures/index.js';
import {
  TOPIC,
  allTopics,
  deadLetterTopic,
  deadLetterTopicSpec,
  domainEventTypes,
  eventTypeByName,
  eventTypeBySchemaId,
  eventTypes,
  keyFor,
  KeyError,
  prefixed,
  sourceEventTypes,
  supersededEventTypes,
  topicConfig,
  topics,
  type EventOfType,
  type EventTypeName,
  type Json,
  type OrderCreated,
  type SourceEvent,
} from './index.js';

const expectedTypes = [
  'erp.order.created',
  'erp.order.changed',
  'erp.order.cancelled',
  'erp.allocation.updated',
  'erp.credit-hold.placed',
  'erp.credit-hold.released',
  'erp.invoice.issued',
  'erp.return.authorised',
  'erp.return.received',
  'erp.return.credited',
  'erp.purchase-order.issued',
  'erp.purchase-order.acknowledged',
  'erp.purchase-order.received',
  'wms.wave.released',
  'wms.pick.completed',
  'wms.pack.completed',
  'wms.shipment.confirmed',
  'wms.inventory.adjusted',
  'carrier.tracking.scanned',
  'carrier.eta.updated',
  'carrier.proof-of-delivery.recorded',
  'order.status-changed',
  'order.line-short',
  'order.promise-changed',
  'order.invoice-posted',
  'order.return-received',
  'order.return-credited',
  'shipment.status-changed',
  'shipment.eta-changed',
  'shipment.exception-scanned',
  'shipment.delivered',
  'shipment.no-scan-yet',
  'case.opened',
  'case.updated',
  'case.resolved',
  'case.escalated',
  'case.sla-warning',
  'case.sla-breached',
  'notification.sent',
  'notification.failed',
];

type JsonObject = { [key: string]: Json };
const fieldsOf = (schema: Json) => (schema as JsonObject).fields as JsonObject[];

describe('event catalog', () => {
  it('holds every source and domain event type once, with unique schema ids', () => {
    const current = [...sourceEventTypes, ...domainEventTypes];
    expect(current.map((e) => e.type).sort()).toEqual([...expectedTypes].sort());
    expect(supersededEventTypes.every((old) => current.some((e) => e.type === old.type))).toBe(
      true,
    );
    expect(new Set(eventTypes.map((e) => e.schemaId)).size).toBe(eventTypes.length);
    expect(
      sourceEventTypes.every((e) => e.kind === 'source' && e.topic.startsWith('source.')),
    ).toBe(true);
    expect(
      domainEventTypes.every((e) => e.kind === 'domain' && e.topic.startsWith('domain.')),
    ).toBe(true);
  });

  it('looks event types up by name (latest or given version) and by schema id', () => {
    const created = eventTypeByName('erp.order.created');
    expect(created?.version).toBe(3);
    expect(eventTypeByName('erp.order.created', 3)).toBe(created);
    expect(eventTypeByName('erp.order.created', 2)?.schemaId).toBe(107);
    expect(eventTypeByName('erp.order.created', 1)?.schemaId).toBe(101);
    expect(eventTypeByName('erp.order.created', 4)).toBeUndefined();
    expect(eventTypeBySchemaId(created?.schemaId ?? -1)).toBe(created);
    expect(eventTypeByName('erp.order.exploded')).toBeUndefined();
  });

  it('exports TypeScript types that narrow on type', () => {
    expectTypeOf<EventOfType<'erp.order.created'>>().toEqualTypeOf<OrderCreated>();
    expectTypeOf<OrderCreated['payload']['customerTier']>().toEqualTypeOf<
      'enterprise' | 'regional_reseller' | 'retail'
    >();
    expectTypeOf<OrderCreated['payload']['requestedShipDate']>().toEqualTypeOf<
      string | null | undefined
    >();
    const qtyOf = (e: SourceEvent) =>
      e.type === 'erp.order.created' ? e.payload.lines.map((l) => l.qty) : [];
    expectTypeOf(qtyOf).returns.toEqualTypeOf<number[]>();
    expect(qtyOf(sampleEvent('erp.order.created'))).toEqual([100, 2]);
  });

  it('puts the envelope first and the payload last in every Avro record', () => {
    for (const e of eventTypes) {
      const names = fieldsOf(e.avroSchema).map((f) => f.name);
      expect(names.slice(0, 5)).toEqual([
        'eventId',
        'type',
        'schemaVersion',
        'sourceSystem',
        'occurredAt',
      ]);
      expect(names.at(-1)).toBe('payload');
    }
  });
});

describe('topic catalog', () => {
  it('has a spec per topic name, with the default partitions and the event types it carries', () => {
    expect(allTopics.map((t) => t.name).sort()).toEqual(Object.values(TOPIC).sort());
    for (const t of allTopics) {
      expect(t.partitions).toBe(6);
      expect(t.cleanupPolicy).toBe('delete');
      expect(t.retentionMs).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
      expect(t.eventTypes.length).toBeGreaterThan(0);
    }
    expect(topics.erpOrders.eventTypes).toContain('erp.order.created');
    expect(topics.carrierTracking.eventTypes).toEqual([
      'carrier.tracking.scanned',
      'carrier.eta.updated',
      'carrier.proof-of-delivery.recorded',
    ]);
  });

  it("requires each topic's key field as a string in the payload of every event it carries", () => {
    for (const t of allTopics) {
      for (const type of t.eventTypes) {
        const payload = fieldsOf(eventTypeByName(type)!.avroSchema).find(
          (f) => f.name === 'payload',
        )!;
        const keyField = fieldsOf(payload.type as Json).find(
          (f) => f.name === t.messageKey.payloadField,
        );
        expect(
          keyField?.type,
          `${type} on ${t.name} needs payload.${t.messageKey.payloadField}`,
        ).toBe('string');
      }
    }
  });

  it.each([
    ['erp.order.created', 'SO-1001'],
    ['wms.shipment.confirmed', 'SO-1001'],
    ['wms.inventory.adjusted', 'SKU-PUMP-200'],
    ['erp.purchase-order.received', 'PUR-4501'],
    ['carrier.tracking.scanned', '1Z999AA10123456784'],
    ['order.status-changed', 'SO-1001'],
    ['shipment.delivered', 'SHP-5001'],
    ['case.opened', 'CASE-1'],
    ['notification.failed', 'NTF-1'],
  ] as const)('keys %s by its topic rule', (type: EventTypeName, key) => {
    expect(keyFor(sampleEvent(type))).toBe(key);
  });

  it('has a key for every sample and refuses events it cannot key', () => {
    for (const build of Object.values(samplesByType)) expect(keyFor(build())).toMatch(/\S/);
    expect(() => keyFor({ type: 'erp.order.exploded', payload: {} })).toThrow(KeyError);
    expect(() => keyFor({ type: 'erp.order.created', payload: { orderId: '' } })).toThrow(
      /payload.orderId/,
    );
  });

  it('names dead-letter topics and prefixes names', () => {
    expect(deadLetterTopic('order-service')).toBe('dlq.order-service');
    expect(prefixed('t.abc.', TOPIC.orders)).toBe('t.abc.domain.orders');
    expect(prefixed('', TOPIC.orders)).toBe('domain.orders');
    expect(deadLetterTopicSpec('order-service').name).toBe('dlq.order-service');
    expect(topicConfig(topics.orders, 't.x.')).toEqual({
      topic: 't.x.domain.orders',
      numPartitions: 6,
      configEntries: [
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'retention.ms', value: String(35 * 24 * 3600 * 1000) },
      ],
    });
  });
});
