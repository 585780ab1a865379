import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
}

/** A scripted failure: `apply` first runs the real handler (the CRM did it, the reply is lost). */
export interface Fault {
  /** "METHOD /path" prefix of the request it hits (default: the next request). */
  on?: string;
  status: number;
  apply?: boolean;
}

/**
 * A local CRM stand-in on 127.0.0.1 and a random port. Every request is recorded and checked by
 * the fake's handler; anything it does not accept is kept in `violations` (and answered 400), so
 * a test fails on a request shape a real CRM would refuse.
 */
export async function startFakeHttp(handle: (r: Recorded, fail: (why: string) => Reply) => Reply) {
  const requests: Recorded[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      const fail = (why: string): Reply => {
        violations.push(`${r.method} ${r.path}: ${why}`);
        return { status: 400, body: [{ errorCode: 'TEST_VIOLATION', message: why }] };
      };
      const at = faults.findIndex((f) => `${r.method} ${r.path}`.startsWith(f.on ?? ''));
      const fault = at >= 0 ? faults.splice(at, 1)[0] : undefined;
      let reply: Reply = fault && !fault.apply ? { status: fault.status } : handle(r, fail);
      if (fault?.apply) reply = { status: fault.status, body: { error: 'reply lost' } };
      res.writeHead(
        reply.status,
        reply.body === undefined ? {} : { 'content-type': 'application/json' },
      );
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    /** The next requests fail as scripted, in order. */
    inject: (...f: Fault[]) => faults.push(...f),
    /** "METHOD /path" of every request so far. */
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeHttp = Awaited<ReturnType<typeof startFakeHttp>>;

export function parseJson(r: Recorded): unknown {
  try {
    return JSON.parse(r.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Keys of `o` outside `allowed` (a CRM rejects unknown fields). */
export const unknownKeys = (o: object, allowed: readonly string[]): string[] =>
  Object.keys(o).filter((k) => !allowed.includes(k));
