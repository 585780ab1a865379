import type { RouteAccess } from './access.js';
import type { Role } from './principal.js';

/** Names that hit Object.prototype when used as a key of a plain object. */
export const PROTOTYPE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
] as const;

export interface ProbeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const HAS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A request to `route` with `name` everywhere a caller chooses a key or value: every path
 * parameter, a query parameter (name and value, and the filters routes commonly read), and a
 * JSON body with `name` as a key and as the value of common fields. Sent with a key of a role
 * the route allows, so the handler is reached. Every such request must answer below 500.
 */
export function prototypeProbe(
  route: RouteAccess,
  name: string,
  keyOf: (role: Role) => string | undefined,
): ProbeRequest {
  const value = encodeURIComponent(name);
  const path = route.url.replace(/:[A-Za-z0-9_]+/g, value).replace(/\*$/, value);
  const query = [name, 'customerId', 'status', 'orderId', 'cursor', 'type']
    .map((q) => `${encodeURIComponent(q)}=${value}`)
    .join('&');
  const key = route.roles?.map(keyOf).find((k) => k !== undefined);
  const fields = [name, 'customerId', 'requestId', 'requestType', 'event', 'status', 'kind'];
  const body = `{${fields.map((f) => `${JSON.stringify(f)}:${JSON.stringify(name)}`).join(',')}}`;
  return {
    method: route.method,
    url: `${path}?${query}`,
    headers: {
      ...(key ? { 'x-api-key': key } : {}),
      ...(HAS_BODY.has(route.method) ? { 'content-type': 'application/json' } : {}),
    },
    ...(HAS_BODY.has(route.method) ? { payload: body } : {}),
  };
}
