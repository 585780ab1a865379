import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

type Respond = (req: ReceivedRequest, res: ServerResponse) => void;

/** A local node:http server recording every request; `respond` decides each answer. */
export async function startHttpReceiver(respond: Respond): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      respond(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A customer's webhook endpoint done right: verifies the signature, drops repeats by
 * Idempotency-Key (answering 200, as the first time), and can fail its first calls.
 */
export async function startWebhookReceiver(opts: {
  verify: (r: ReceivedRequest) => boolean;
  failFirst?: number;
}): Promise<HttpReceiver & { processed: Map<string, ReceivedRequest>; rejected: number }> {
  const processed = new Map<string, ReceivedRequest>();
  let toFail = opts.failFirst ?? 0;
  const state = { rejected: 0 };
  const receiver = await startHttpReceiver((r, res) => {
    if (toFail > 0) {
      toFail -= 1;
      res.writeHead(503).end();
      return;
    }
    if (!opts.verify(r)) {
      state.rejected += 1;
      res.writeHead(401).end();
      return;
    }
    const key = String(r.headers['idempotency-key']);
    if (!processed.has(key)) processed.set(key, r);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  return Object.assign(receiver, {
    processed,
    get rejected() {
      return state.rejected;
    },
  });
}
