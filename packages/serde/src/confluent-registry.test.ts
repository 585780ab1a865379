import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confluentSchemaRegistry } from './index.js';

// The client is CommonJS: once loaded, by require or import, Node keeps it in require.cache.
const require = createRequire(import.meta.url);
const clientEntry = require.resolve('@kafkajs/confluent-schema-registry');
const loaded = () => clientEntry in require.cache;

const schema = { type: 'record', name: 'Ping', namespace: 'test', fields: [] };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
    if (req.url === '/schemas/ids/7') res.end(JSON.stringify({ schema: JSON.stringify(schema) }));
    else res.writeHead(404).end(JSON.stringify({ error_code: 40403, message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('confluentSchemaRegistry', () => {
  it('loads the HTTP client at its first call, not at import nor when made', async () => {
    const registry = confluentSchemaRegistry({ url });
    expect(loaded()).toBe(false);
    expect(await registry.getById(7)).toMatchObject({ type: 'record', name: 'test.Ping' });
    expect(loaded()).toBe(true);
  });
});
