import type { RouteOptions } from 'fastify';
import type { Role } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles whose API keys may call this route; the auth plugin checks them centrally. */
    roles?: readonly Role[];
    /**
     * Why this route takes no API key (it checks a signature of its own, or is public on
     * purpose). Every route states `roles` or `open`, or the app refuses to start.
     */
    open?: string;
  }
}

/** One registered route and who may call it: what SECURITY.md's table is checked against. */
export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly Role[] | null;
  open: string | null;
}

export function accessOf(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): RouteAccess[] {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
    (m) => m !== 'HEAD',
  );
  const config = (route.config ?? {}) as { roles?: readonly Role[]; open?: string };
  return methods.map((method) => ({
    method,
    url: route.url,
    roles: config.roles ?? null,
    open: config.open ?? null,
  }));
}

/** Routes that declare neither roles nor a reason to be open, or an empty role list. */
export function undeclared(routes: readonly RouteAccess[]): RouteAccess[] {
  return routes.filter((r) => r.open === null && (r.roles === null || r.roles.length === 0));
}

/**
 * Marks every route of a scope as open for `reason`, unless it declares roles. For routes a
 * plugin adds that cannot carry a config (static files), or a scope with its own credential.
 */
export function openScope(
  scope: { addHook(name: 'onRoute', hook: (route: RouteOptions) => void): unknown },
  reason: string,
): void {
  scope.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { roles?: readonly Role[]; open?: string };
    if (config.roles === undefined && config.open === undefined)
      route.config = { ...config, open: reason } as typeof route.config;
  });
}
