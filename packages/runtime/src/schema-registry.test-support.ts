import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalSchemaRegistry } from '@forewarn/serde';

/**
 * No Confluent-compatible registry can run on this machine (see packages/serde/README.md), so
 * the client path — @kafkajs/confluent-schema-registry over HTTP, our adapter, the runtime's
 * wiring — is exercised against the Confluent REST calls it makes, answered by the embedded
 * registry. It records what the client asked, so subjects, compatibility and auth are checked.
 */
export class ConfluentApi {
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

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}
