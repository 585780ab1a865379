import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeRecord,
  encodeEvent,
  schemaIdOf,
  subjectOf,
  useSchemaIds,
  eventTypeByName,
} from '@forewarn/contracts';
import { sampleEvent } from '@forewarn/contracts/fixtures';
import { createLogger } from '@forewarn/observability';
import { frame, LocalSchemaRegistry } from '@forewarn/serde';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useConfiguredSchemaRegistry } from './schema-registry.js';

/**
 * No Confluent-compatible registry can run on this machine (see packages/serde/README.md), so
 * the client path — @kafkajs/confluent-schema-registry over HTTP, our adapter, the runtime's
 * wiring — is exercised against the Confluent REST calls it makes, answered by the embedded
 * registry. It records what the client asked, so subjects, compatibility and auth are checked.
 */
class ConfluentApi {
  readonly registry = new LocalSchemaRegistry();
  readonly compatibility = new Map<string, string>();
  readonly authorizations = new Set<string>();
  server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    this.authorizations.add(req.headers.authorization ?? '(none)');
    const url = decodeURIComponent(req.url ?? '');
    const config = /^\/config\/(.+)$/.exec(url);
    const versions = /^\/subjects\/(.+)\/versions$/.exec(url);
    const byId = /^\/schemas\/ids\/(\d+)$/.exec(url);
    if (config && req.method === 'GET') {
      const level = this.compatibility.get(config[1]!);
      return level
        ? { status: 200, body: { compatibilityLevel: level } }
        : { status: 404, body: { error_code: 40401, message: 'Subject not found' } };
    }
    if (config && req.method === 'PUT') {
      const { compatibility } = JSON.parse(text) as { compatibility: string };
      this.compatibility.set(config[1]!, compatibility);
      return { status: 200, body: { compatibility } };
    }
    if (versions && req.method === 'POST') {
      const { schema } = JSON.parse(text) as { schema: string };
      return {
        status: 200,
        body: { id: await this.registry.register(versions[1]!, JSON.parse(schema) as object) },
      };
    }
    if (byId && req.method === 'GET') {
      const schema = await this.registry.getById(Number(byId[1])).catch(() => undefined);
      return schema
        ? { status: 200, body: { schema: JSON.stringify(schema) } }
        : { status: 404, body: { error_code: 40403, message: 'Schema not found' } };
    }
    return { status: 404, body: { error_code: 404, message: `${req.method} ${url}` } };
  }
}

describe('SCHEMA_REGISTRY_URL', () => {
  const api = new ConfluentApi();
  let url: string;
  const logger = createLogger({ name: 'schema-registry-test', level: 'silent' });
  beforeAll(async () => {
    url = await api.start();
  });
  afterAll(() => new Promise<void>((ok) => api.server.close(() => ok())));
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
    expect(() => decodeRecord({ value: message })).toThrow(
      /being fetched from the schema registry/,
    );
    expect(await ids!.resolve(id)).toMatchObject({ type: 'erp.order.created', schemaId: id });
    expect(decodeRecord({ value: message })).toMatchObject(event);
  });
});
