import type { z } from 'zod';
import { startService, type ServiceDefinition } from './service.js';
import type { ServiceEnv } from './service-env.js';

/**
 * Entry point for a service's `main.ts`: starts it, and turns a start-up failure (bad config,
 * unreachable broker) into a clear message and exit code 1 instead of a stack trace.
 */
export function runMain<S extends z.ZodType<ServiceEnv>>(def: ServiceDefinition<S>): void {
  startService(def).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${def.name} failed to start: ${message}`);
    process.exit(1);
  });
}
