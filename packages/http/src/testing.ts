import { fileURLToPath } from 'node:url';
import type { HttpApp } from './app.js';
import { documentedAccess } from './auth/access-table.js';
import type { Role } from './auth/principal.js';
import { PROTOTYPE_KEYS, prototypeProbe } from './auth/probe.js';

/** SECURITY.md at the repository root. */
export const SECURITY_MD = fileURLToPath(new URL('../../../SECURITY.md', import.meta.url));

/**
 * Sends every prototype-key name (`constructor`, `__proto__`…) as every path parameter, query
 * key and value and common body field of every route of `app`, with a key of a role the route
 * allows; answers the requests that got a 5xx (none is the only pass). Every route meets every
 * name: a sample would miss the one pair that fails, on some runs and not others.
 */
export async function prototypeKeyFailures(
  app: HttpApp,
  keyOf: (role: Role) => string | undefined,
): Promise<string[]> {
  const routes = app.routeAccess();
  const failures: string[] = [];
  for (const route of routes) {
    for (const name of PROTOTYPE_KEYS) {
      const probe = prototypeProbe(route, name, keyOf);
      const res = await app.inject({ ...probe, method: probe.method as 'GET' });
      if (res.statusCode >= 500) failures.push(`${probe.method} ${probe.url}: ${res.statusCode}`);
    }
  }
  if (({} as Record<string, unknown>)['polluted'] !== undefined)
    failures.push('prototype polluted');
  return [...new Set(failures)];
}

/**
 * SECURITY.md's routes x roles table for `service` and the one its registered routes make;
 * with UPDATE_SECURITY_MD=1 in the environment the document is rewritten first.
 */
export function securityDocOf(service: string, app: HttpApp) {
  const update = process.env['UPDATE_SECURITY_MD'] === '1';
  return documentedAccess(SECURITY_MD, service, app.routeAccess(), update);
}
