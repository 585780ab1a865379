import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { httpErrors } from '../errors.js';
import { API_KEY_SCHEME, DEFAULT_API_KEY_HEADER } from '../openapi.js';
import { problemResponses } from '../problem.js';
import type { ApiKeyEntry, Principal, Role } from './principal.js';

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
    throw httpErrors.apiKeyMissing(headerName);
  }
  const principal = table.get(digest(presented.trim()));
  if (!principal) throw httpErrors.apiKeyInvalid();
  return principal;
}

/**
 * Guards every route of the scope it is registered in (register it inside a feature plugin,
 * before that feature's routes): authenticates in onRequest, so an anonymous caller gets 401
 * before its body is even parsed, and marks the routes as secured in the OpenAPI document.
 */
export const apiKeyAuth = fp<ApiKeyAuthOptions>(
  async (app, opts) => {
    const headerName = (opts.headerName ?? DEFAULT_API_KEY_HEADER).toLowerCase();
    const table = buildKeyTable(opts.keys);

    app.addHook('onRoute', (route) => {
      const schema = route.schema ?? {};
      const response = (schema.response ?? {}) as Record<string, unknown>;
      route.schema = {
        ...schema,
        security: [{ [API_KEY_SCHEME]: [] }],
        response: { ...problemResponses(401, 403), ...response },
      } as typeof schema;
    });

    app.addHook('onRequest', async (request) => {
      request.principal = authenticate(table, request.headers[headerName], headerName);
    });
  },
  { name: '@forewarn/http/api-key-auth', fastify: '5.x' },
);

/** The authenticated caller; throws UNAUTHORIZED on a route that `apiKeyAuth` does not guard. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw httpErrors.apiKeyMissing(DEFAULT_API_KEY_HEADER);
  return request.principal;
}

/**
 * Route hook allowing only the listed roles (no implicit admin: list it when it applies). Use it
 * as `onRequest` so a caller without the role gets 403 before validation reveals anything.
 */
export function requireRole(...allowed: Role[]): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const { role } = principalOf(request);
    if (!allowed.includes(role)) throw httpErrors.roleNotAllowed(role, allowed);
  };
}
