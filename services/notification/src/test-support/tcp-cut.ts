import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A real TCP hop between the service and its PostgreSQL: `cut()` drops every open connection and
 * refuses new ones, as a database that went away does; `restore()` lets connections through
 * again. The database itself stays up, so the test reads it directly meanwhile.
 */
export interface TcpCut {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * `delayMs` holds every answer from the target that long before passing it on, in order: a
 * database a round trip of at least that far away (a busy or remote one), for measurements.
 */
export async function startTcpCut(
  target: { host: string; port: number },
  opts: { delayMs?: number } = {},
): Promise<TcpCut> {
  const delayMs = opts.delayMs ?? 0;
  const open = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    if (delayMs > 0)
      upstream.on('data', (chunk: Buffer) => {
        setTimeout(() => client.destroyed || client.write(chunk), delayMs);
      });
    else upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
