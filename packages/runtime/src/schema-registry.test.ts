import {
  decodeRecord,
  readRecord,
  SchemaRegistryUnavailable,
  encodeEvent,
  schemaIdOf,
  subjectOf,
  useSchemaIds,
  eventTypeByName,
} from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import { createLogger } from '@forewarn/observability';
import { frame } from '@forewarn/serde';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentApi } from './schema-registry.test-support.js';
import { useConfiguredSchemaRegistry } from './schema-registry.js';

// Registering every event version over HTTP takes a few seconds on a loaded machine.
describe('SCHEMA_REGISTRY_URL', { timeout: 30_000 }, () => {
  const api = new ConfluentApi();
  let url: string;
  const logger = createLogger({ name: 'schema-registry-test', level: 'silent' });
  beforeAll(async () => {
    url = await api.start();
  });
  afterAll(() => api.stop());
  afterEach(() => useSchemaIds(undefined));

  it('unset: messages keep the catalog’s fixed ids and nothing is registered', async () => {
    await useConfiguredSchemaRegistry({}, logger);
    const event = sampleEvent('erp.order.created');
    expect(schemaIdOf(encodeEvent(event))).toBe(eventTypeByName('erp.order.created')!.schemaId);
  });

  it('set: registers every subject BACKWARD with basic auth, frames with its ids, reads them', async () => {
    await useConfiguredSchemaRegistry(
      {
        SCHEMA_REGISTRY_URL: url,
        SCHEMA_REGISTRY_USERNAME: 'forewarn',
        SCHEMA_REGISTRY_PASSWORD: 's3cret',
      },
      logger,
    );
    const orderCreated = eventTypeByName('erp.order.created')!;
    expect(api.compatibility.get(subjectOf(orderCreated))).toBe('BACKWARD');
    expect([...api.authorizations]).toEqual([
      `Basic ${Buffer.from('forewarn:s3cret').toString('base64')}`,
    ]);

    const event = sampleEvent('erp.order.created');
    const message = encodeEvent(event);
    const [registryId] = api.registry.versions(subjectOf(orderCreated)).slice(-1);
    expect(schemaIdOf(message)).toBe(registryId);
    expect(schemaIdOf(message)).not.toBe(orderCreated.schemaId);
    expect(decodeRecord({ value: message })).toMatchObject(event);
  });

  it('set: a schema id another producer registered is fetched over HTTP and read', async () => {
    const ids = await useConfiguredSchemaRegistry({ SCHEMA_REGISTRY_URL: url }, logger);
    const orderCreated = eventTypeByName('erp.order.created')!;
    const base = orderCreated.avroSchema as { fields: object[] };
    const newer = {
      ...base,
      fields: [...base.fields, { name: 'channel', type: ['null', 'string'], default: null }],
    };
    const id = await api.registry.register(subjectOf(orderCreated), newer);
    const event = sampleEvent('erp.order.created');
    // Avro writes record fields in order: the old body, then the union's branch (1: string) and
    // the string (zigzag length 3, 'edi').
    const tail = Buffer.concat([Buffer.from([0x02, 0x06]), Buffer.from('edi')]);
    const message = frame(id, Buffer.concat([orderCreated.avro.toBuffer(event), tail]));
    // The consumers' resolve step asks the registry before decoding, so the first record reads.
    expect(await readRecord({ value: message })).toMatchObject(event);
    expect(ids!.writerOf(id)).toMatchObject({ type: 'erp.order.created', schemaId: id });
    expect(decodeRecord({ value: message })).toMatchObject(event);
  });

  it('set: an id the registry answers 404 for is refused with that reason', async () => {
    await useConfiguredSchemaRegistry({ SCHEMA_REGISTRY_URL: url }, logger);
    await expect(readRecord({ value: frame(987_654, Buffer.alloc(0)) })).rejects.toThrow(
      /unknown_schema_id: schema id 987654 is not in the schema registry \(404/,
    );
  });

  it('set: the registry unreachable is SchemaRegistryUnavailable (held, retried), not a refusal', async () => {
    const gone = new ConfluentApi();
    const goneUrl = await gone.start();
    await useConfiguredSchemaRegistry({ SCHEMA_REGISTRY_URL: goneUrl }, logger);
    await gone.stop();
    await expect(readRecord({ value: frame(987_655, Buffer.alloc(0)) })).rejects.toBeInstanceOf(
      SchemaRegistryUnavailable,
    );
  });
});
