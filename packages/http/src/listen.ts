import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Signals that trigger a graceful close; pass [] when the composition root handles them. */
  shutdownSignals?: NodeJS.Signals[];
  /** In-flight requests get this long to finish before their connections are cut. */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  /** Stops accepting, lets in-flight requests finish, runs onClose hooks. Safe to call twice. */
  close(): Promise<void>;
}

export async function listen(app: FastifyInstance, opts: ListenOptions): Promise<RunningServer> {
  const signals = opts.shutdownSignals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = opts.shutdownTimeoutMs ?? 10_000;
  const url = await app.listen({ host: opts.host, port: opts.port });
  app.log.info({ url }, 'listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      await closeWithin(app, timeoutMs);
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, 'shutting down');
    close().catch((err: unknown) => {
      app.log.error({ err }, 'shutdown failed');
      process.exitCode = 1;
    });
  };
  for (const signal of signals) process.once(signal, onSignal);
  return { url, close };
}

async function closeWithin(app: FastifyInstance, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const closed = app.close().then(() => 'closed' as const);
  try {
    if ((await Promise.race([closed, timedOut])) === 'timeout') {
      app.log.warn({ timeoutMs }, 'requests still running at shutdown deadline; cutting them');
      app.server.closeAllConnections();
      await closed;
    }
  } finally {
    clearTimeout(timer);
  }
}
