import {
  contextWithSpan,
  extractTraceContext,
  failSpan,
  startSpan,
  SpanKind,
  tracingEnabled,
  withContext,
  type Context,
  type Span,
} from '@forewarn/observability';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { PROBE_PATHS } from './ops-routes.js';

interface Traced {
  span: Span;
  ctx: Context;
}

/**
 * A server span per request, continuing the caller's `traceparent`; the route handler runs in
 * it, so the events, outbox rows and outbound calls it makes join the caller's trace. Nothing is
 * registered while tracing is off. Call before the routes are added (it wraps their handlers).
 */
export function registerHttpTracing(app: FastifyInstance): void {
  if (!tracingEnabled()) return;
  const traced = new WeakMap<FastifyRequest, Traced>();
  app.addHook('onRequest', (request, _reply, done) => {
    if (PROBE_PATHS.has(request.url)) {
      done();
      return;
    }
    const parent = extractTraceContext(request.headers as Record<string, string | undefined>);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(`${request.method} ${route}`, {
      stage: 'http.server',
      kind: SpanKind.SERVER,
      parent,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': request.url.split('?')[0] ?? '',
      },
    });
    const ctx = contextWithSpan(span, parent);
    traced.set(request, { span, ctx });
    withContext(ctx, done);
  });
  // Body parsing runs in the socket's context, so the handler is put back in the request's.
  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const t = traced.get(request);
      return t
        ? withContext(t.ctx, () => handler.call(this, request, reply))
        : handler.call(this, request, reply);
    } as RouteHandlerMethod;
  });
  app.addHook('onError', (request, _reply, error, done) => {
    const t = traced.get(request);
    if (t) failSpan(t.span, error);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const t = traced.get(request);
    if (t) {
      t.span.setAttribute('http.response.status_code', reply.statusCode);
      t.span.end();
      traced.delete(request);
    }
    done();
  });
}
