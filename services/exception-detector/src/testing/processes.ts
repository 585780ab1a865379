import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A port free on this machine now, for a service a test runs as its own process. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** Another service's built entry point (pnpm turbo run build first). */
export const mainOf = (service: string) =>
  fileURLToPath(new URL(`../../../${service}/dist/main.js`, import.meta.url));
