import {
  decodeRecord,
  encodeEvent,
  eventTypeByName,
  schemaIdOf,
  subjectOf,
  useSchemaIds,
  type ForewarnEvent,
} from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import { createLogger } from '@forewarn/observability';
import { createTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentApi } from './schema-registry.test-support.js';
import { useConfiguredSchemaRegistry } from './schema-registry.js';

describe('schema registry ids on the real broker', () => {
  const api = new ConfluentApi();
  let env: TestEnv;
  let topic: string;
  let url: string;
  beforeAll(async () => {
    url = await api.start();
    env = await createTestEnv('schema-registry', { topology: false });
    topic = `${env.prefix}registry.events`;
    await env.createTopics([{ topic, numPartitions: 1 }]);
  });
  afterAll(async () => {
    useSchemaIds(undefined);
    await env?.cleanup();
    await api.stop();
  });

  it('a producer frames with the registry’s ids; a consumer decodes them with decodeRecord', async () => {
    await useConfiguredSchemaRegistry(
      { SCHEMA_REGISTRY_URL: url },
      createLogger({ name: 'schema-registry-int', level: 'silent' }),
    );
    const event = sampleEvent('erp.order.created');
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: encodeEvent(event) }] });
    await producer.disconnect();

    const consumer = env.kafka.consumer({ groupId: `${env.prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ id: number; event: ForewarnEvent }>((resolve, reject) => {
      void consumer
        .run({
          eachMessage: async ({ message }) =>
            resolve({ id: schemaIdOf(message.value!), event: decodeRecord(message) }),
        })
        .catch(reject);
    });
    await consumer.disconnect();

    const [registryId] = api.registry
      .versions(subjectOf(eventTypeByName('erp.order.created')!))
      .slice(-1);
    expect(received.id).toBe(registryId);
    expect(received.event).toMatchObject(event);
  }, 60_000);
});
