import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '@forewarn/platform';
import { API_KEY_SCHEME, DEFAULT_API_KEY_HEADER } from '../openapi.js';
import { problemResponses } from '../problem.js';
import { accessOf, undeclared, type RouteAccess } from './access.js';
import type { ApiKeyEntry, Principal, Role } from './principal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after the auth plugin, with the roles it allows or why it is open. */
    routeAccess(): RouteAccess[];
  }
}

export interface ApiKeyAuthOptions {
  keys: readonly ApiKeyEntry[];
  headerName?: string;
}

/** Keys are held only as hashes, so a heap dump or a debug print of the table shows no key. */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function buildKeyTable(keys: readonly ApiKeyEntry[]): Map<string, Principal> {
  return new Map(
    keys.map(({ key, ...principal }) => [digest(key), Object.freeze({ ...principal })]),
  );
}

/** The principal for a presented key; throws UNAUTHORIZED when there is none or it is unknown. */
export function authenticate(
  table: ReadonlyMap<string, Principal>,
  presented: string | string[] | undefined,
  headerName: string,
): Principal {
  if (typeof presented !== 'string' || presented.trim() === '') {
    throw errors.apiKeyMissing(headerName);
  }
  const principal = table.get(digest(presented.trim()));
  if (!principal) throw errors.apiKeyInvalid();
  return principal;
}

/** Throws FORBIDDEN unless the principal's role is listed (no implicit admin). */
export function checkRole(principal: Principal, allowed: readonly Role[]): void {
  if (!allowed.includes(principal.role)) throw errors.roleNotAllowed(principal.role, allowed);
}

function documentAsSecured(route: RouteOptions): void {
  const schema = route.schema ?? {};
  const response = (schema.response ?? {}) as Record<string, unknown>;
  route.schema = {
    ...schema,
    security: [{ [API_KEY_SCHEME]: [] }],
    response: { ...problemResponses(401, 403), ...response },
  } as typeof schema;
}

/**
 * The one API-key guard of an app, registered by `buildHttpApp` after its ops and docs routes.
 * Every route registered afterwards declares `config.roles` (checked here, in onRequest, so a
 * caller without a key or the role gets 401/403 before its body is parsed) or `config.open`
 * with the reason it needs no key; a route with neither stops the app at `ready()`.
 */
export const apiKeyAuth = fp<ApiKeyAuthOptions>(
  async (app: FastifyInstance, opts) => {
    const headerName = (opts.headerName ?? DEFAULT_API_KEY_HEADER).toLowerCase();
    const table = buildKeyTable(opts.keys);
    const routes: RouteOptions[] = [];
    const access = () => routes.flatMap(accessOf);

    app.decorate('routeAccess', access);
    app.addHook('onRoute', (route) => {
      routes.push(route);
      if (route.config?.roles) documentAsSecured(route);
    });
    app.addHook('onReady', async () => {
      const missing = undeclared(access());
      if (missing.length > 0) {
        const list = missing.map((r) => `${r.method} ${r.url}`).join(', ');
        throw new Error(`routes without declared roles (config.roles or config.open): ${list}`);
      }
    });
    app.addHook('onRequest', async (request) => {
      const roles = request.routeOptions.config.roles;
      if (!roles || request.is404) return;
      const principal = authenticate(table, request.headers[headerName], headerName);
      checkRole(principal, roles);
      request.principal = principal;
    });
  },
  { name: '@forewarn/http/api-key-auth', fastify: '5.x' },
);

/** The authenticated caller; throws UNAUTHORIZED on a route that declares no roles. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.apiKeyMissing(DEFAULT_API_KEY_HEADER);
  return request.principal;
}
