import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from './listen.js';
import { buildTestApp } from './test-support.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('listen', () => {
  it('serves over real HTTP and closes, running onClose hooks', async () => {
    let closedDependencies = 0;
    const { app } = await buildTestApp({}, (a) =>
      a.addHook('onClose', async () => {
        closedDependencies += 1;
      }),
    );
    server = await listen(app, { host: '127.0.0.1', port: 0, shutdownSignals: [] });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');

    await Promise.all([server.close(), server.close()]);
    expect(closedDependencies).toBe(1);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('closes gracefully on a shutdown signal and then forgets the signal', async () => {
    let onClose = () => {};
    const closed = new Promise<void>((resolve) => (onClose = resolve));
    const { app } = await buildTestApp({}, (a) => a.addHook('onClose', async () => onClose()));
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    server = await listen(app, { host: '127.0.0.1', port: 0 });
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);

    process.emit('SIGTERM', 'SIGTERM');
    await closed;
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
  });

  /** A server whose /slow?ms= answers after ms; `arrived` resolves once the handler runs. */
  async function serveSlow(shutdownTimeoutMs: number) {
    let onArrival = () => {};
    const arrived = new Promise<void>((resolve) => (onArrival = resolve));
    const { app } = await buildTestApp({}, (a) =>
      a.get('/slow', { config: { open: 'test' } }, async (request) => {
        onArrival();
        const ms = Number((request.query as { ms: string }).ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
        return { done: true };
      }),
    );
    server = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      shutdownSignals: [],
      shutdownTimeoutMs,
    });
    return { running: server, arrived };
  }

  it('lets in-flight requests finish before closing', async () => {
    const { running, arrived } = await serveSlow(5_000);
    const inFlight = fetch(`${running.url}/slow?ms=150`).then((r) => r.status);
    // In flight means the handler runs: a fixed sleep lets a loaded machine close first.
    await arrived;
    const started = Date.now();
    await running.close();
    expect(await inFlight).toBe(200);
    // The client's keep-alive connection must not hold the close until the deadline.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cuts requests still running at the shutdown deadline', async () => {
    const { running, arrived } = await serveSlow(100);
    const inFlight = fetch(`${running.url}/slow?ms=2500`).then(
      (r) => r.status,
      () => 'cut',
    );
    // Without this, a refused connection would pass as a cut request.
    await arrived;
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toBe('cut');
  });
});
