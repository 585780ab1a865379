import { SERVICE_TOPICS, TOPIC } from '@forewarn/contracts';
import { describe, expect, it } from 'vitest';
import { checkProduces, declaredTopicSpecs, startDeclaredConsumer } from './declared-consumer.js';

// Refusals happen before any client is touched, so the deps here are never used.
const deps = {
  declares: SERVICE_TOPICS.shipment,
  kafka: undefined as never,
  logger: undefined as never,
  metrics: undefined as never,
  producer: undefined as never,
  topic: (name: string) => `t.${name}`,
};
const handler = async () => undefined;

describe('a service runs only what it declares', () => {
  it('refuses to subscribe a consumer to a topic its declaration lacks', () => {
    expect(() =>
      startDeclaredConsumer(deps, 'ingest', { topics: [TOPIC.erpOrders], handler }),
    ).toThrow(/shipment's consumer ingest does not declare source.erp.orders/);
  });

  it('refuses a consumer the service does not declare', () => {
    expect(() => startDeclaredConsumer(deps, 'replay', { handler })).toThrow(
      /declares no consumer replay/,
    );
  });

  it('refuses to publish to a topic the service does not produce', () => {
    expect(() => checkProduces(SERVICE_TOPICS.shipment, TOPIC.orders)).toThrow(
      /shipment does not declare that it produces to domain.orders/,
    );
    expect(() => checkProduces(SERVICE_TOPICS.shipment, TOPIC.shipments)).not.toThrow();
  });

  it('checks at start every topic it reads, writes and dead-letters to', () => {
    expect(declaredTopicSpecs(SERVICE_TOPICS.shipment).map((t) => t.name)).toEqual([
      TOPIC.wmsFulfilment,
      TOPIC.carrierTracking,
      TOPIC.orders,
      TOPIC.shipments,
      'dlq.shipment',
      'dlq.shipment-orders',
    ]);
  });
});
