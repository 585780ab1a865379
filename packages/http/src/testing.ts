import { fileURLToPath } from 'node:url';
import type { HttpApp } from './app.js';
import { documentedAccess } from './auth/access-table.js';
import { customerIdRoutes } from './auth/isolation.js';
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

/** One row of a service's customer-isolation matrix: a route, called with customer A's key. */
export interface IsolationProbe {
  /** The route's path naming customer B's resource (or B itself): must answer 404. */
  theirs: string;
  /** The same route naming A's own resource: must answer below 400. Omit for one-shot writes. */
  ours?: string;
  /** JSON body for both calls (PUT, POST). */
  payload?: Record<string, unknown>;
}

/**
 * Calls every row of `matrix` (keyed `METHOD /route/:pattern`) with customer A's `key`, and lists
 * what went wrong: B's resource not answered 404, A's own refused, a row naming no registered
 * route, and, so that a new route cannot be forgotten, every route a customer may call with an id
 * in its path that has no row. An empty list is the only pass.
 */
export async function isolationFailures(
  app: HttpApp,
  key: string,
  matrix: Readonly<Record<string, IsolationProbe>>,
): Promise<string[]> {
  const registered = new Set(app.routeAccess().map((r) => `${r.method} ${r.url}`));
  const failures = customerIdRoutes(app.routeAccess())
    .filter((route) => matrix[route] === undefined)
    .map((route) => `${route}: not in the isolation matrix`);
  for (const [route, probe] of Object.entries(matrix)) {
    if (!registered.has(route)) {
      failures.push(`${route}: not a registered route`);
      continue;
    }
    const method = route.slice(0, route.indexOf(' ')) as 'GET';
    const send = (url: string) =>
      app.inject({
        method,
        url,
        headers: { 'x-api-key': key },
        ...(probe.payload ? { payload: probe.payload } : {}),
      });
    const theirs = await send(probe.theirs);
    if (theirs.statusCode !== 404)
      failures.push(`${method} ${probe.theirs}: ${theirs.statusCode}, not 404`);
    if (probe.ours === undefined) continue;
    const ours = await send(probe.ours);
    if (ours.statusCode >= 400)
      failures.push(`${method} ${probe.ours}: ${ours.statusCode} for the owner`);
  }
  return failures;
}

export {
  tenancySweep,
  type SweepReport,
  type SweepRoute,
  type SweepSide,
  type TenancySweep,
} from './tenancy-sweep.js';
