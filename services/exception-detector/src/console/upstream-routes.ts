import type { FastifyPluginAsyncZod, Role } from '@forewarn/http';
import { errors } from '@forewarn/http';
import { z } from 'zod';

/**
 * CONSOLE_UPSTREAMS: the other services the console reads through this one, by name
 * ({"ingestion": "http://127.0.0.1:4105"}; by default the local stack's ports). The page loads from here and may call only here
 * (its CSP says connect-src 'self'), so their figures come through this forwarder.
 */
export const consoleUpstreamsEnv = z
  .string()
  // The local stack's ports (infra/services.tsv); a deployment sets its own.
  .default(
    JSON.stringify({
      order: 'http://127.0.0.1:4101',
      shipment: 'http://127.0.0.1:4102',
      notification: 'http://127.0.0.1:4104',
      ingestion: 'http://127.0.0.1:4105',
    }),
  )
  .transform((s, ctx) => {
    try {
      return z.record(z.string(), z.url()).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'CONSOLE_UPSTREAMS must map names to URLs' });
      return z.NEVER;
    }
  });

// Every staff role may ask; the upstream decides with the same key, so the roles are its own.
const STAFF: Role[] = ['csr', 'team_lead', 'ops_manager', 'executive', 'admin'];
const params = z.object({ service: z.string().min(1).max(40), '*': z.string().max(500) });

/**
 * GET and POST /v1/console/upstream/:service/v1/… forward to that service's /v1/… with the
 * caller's API key and return its answer as it is (status, problem documents included). Only the
 * configured services and only their /v1 paths: the forwarder reaches nothing else.
 */
export const upstreamRoutes: FastifyPluginAsyncZod<{
  upstreams: Record<string, string>;
  timeoutMs?: number;
}> = async (app, opts) => {
  // A Map: a service named by the caller ('constructor', '__proto__') is never a prototype key.
  const upstreams = new Map(Object.entries(opts.upstreams));
  const target = (service: string, rest: string, search: string): URL => {
    const base = upstreams.get(service);
    if (!base) throw errors.upstreamUnknown(service);
    const url = new URL(`/${rest}${search}`, base);
    if (!/^v1\//.test(rest) || url.origin !== new URL(base).origin || rest.includes('..'))
      throw errors.upstreamPath(service);
    return url;
  };

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/v1/console/upstream/:service/*',
      config: { roles: STAFF },
      schema: {
        tags: ['console'],
        summary: `${method} another service's /v1 API with the caller's key (the console's reach)`,
        params,
      },
      handler: async (req, reply) => {
        const { service, '*': rest } = req.params;
        const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        const url = target(service, rest, search);
        const key = req.headers['x-api-key'];
        let res: Response;
        try {
          res = await fetch(url, {
            method,
            headers: {
              accept: 'application/json, application/problem+json',
              ...(typeof key === 'string' ? { 'x-api-key': key } : {}),
              ...(method === 'POST' && req.body !== undefined
                ? { 'content-type': 'application/json' }
                : {}),
            },
            ...(method === 'POST' && req.body !== undefined
              ? { body: JSON.stringify(req.body) }
              : {}),
            redirect: 'manual',
            signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
          });
        } catch (err) {
          throw errors.upstreamUnreachable(
            service,
            err instanceof Error ? err.message : String(err),
          );
        }
        reply.code(res.status);
        reply.header('content-type', res.headers.get('content-type') ?? 'application/json');
        return reply.send(await res.text());
      },
    });
  }
};
