import { describe, expect, it } from 'vitest';
import {
  SERVICE_TOPICS,
  allServiceTopics,
  checkSubscription,
  consumedTopics,
  deadLetterTopicsOf,
} from './service-topics.js';
import { topicByName, topology } from './topics.js';

describe('SERVICE_TOPICS', () => {
  it('names only catalog topics, and every dead-letter topic is in the topology', () => {
    for (const s of allServiceTopics) {
      for (const t of [...consumedTopics(s), ...s.produces])
        expect(topicByName(t), t).toBeDefined();
      for (const t of deadLetterTopicsOf(s))
        expect(
          topology.some((spec) => spec.name === t),
          t,
        ).toBe(true);
    }
  });

  it('gives every consumer group to one consumer only', () => {
    const groups = allServiceTopics.flatMap((s) => Object.values(s.consumers).map((c) => c.group));
    expect(new Set(groups).size).toBe(groups.length);
  });
});

describe('checkSubscription', () => {
  const shipment = SERVICE_TOPICS.shipment;

  it('accepts the declared topics, or some of them', () => {
    expect(checkSubscription(shipment, 'ingest', ['source.carrier.tracking']).group).toBe(
      'shipment',
    );
  });

  it('refuses a topic the consumer does not declare, naming it', () => {
    expect(() => checkSubscription(shipment, 'ingest', ['domain.orders'])).toThrow(
      /consumer ingest does not declare domain.orders/,
    );
    expect(() => checkSubscription(shipment, 'ingest', ['dlq.order'])).toThrow(/dlq.order/);
  });

  it('refuses a consumer the service does not declare', () => {
    expect(() => checkSubscription(shipment, 'replay', [])).toThrow(/declares no consumer replay/);
  });

  it('lets a consumer that reads dead letters subscribe to them', () => {
    expect(() =>
      checkSubscription(SERVICE_TOPICS.ingestion, 'feedHealth', ['dlq.order', 'source.erp.orders']),
    ).not.toThrow();
  });
});
