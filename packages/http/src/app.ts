import { uuidV7 } from '@forewarn/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@forewarn/observability';
import fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { apiKeyAuth, type ApiKeyAuthOptions } from './auth/api-key-auth.js';
import type { Principal } from './auth/principal.js';
import { registerErrorHandling } from './error-handler.js';
import { registerHttpMetrics } from './http-metrics.js';
import { registerHttpTracing } from './http-tracing.js';
import { registerOpenApi, type ApiKeySecurityOptions, type OpenApiOptions } from './openapi.js';
import { opsRoutes, PROBE_PATHS } from './ops-routes.js';
import type { ReadinessCheck } from './readiness.js';
import {
  CORRELATION_ID_HEADER,
  correlationIdFor,
  REQUEST_ID_HEADER,
  requestIdFor,
} from './request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** From x-correlation-id, else the request id; pass it on to the events this request causes. */
    correlationId: string;
    /** Set by the API-key auth plugin on routes that declare roles; null elsewhere. */
    principal: Principal | null;
  }
}

export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  service: string;
  version: string;
  logger: Logger;
  metrics: Registry;
  /** Named dependency checks (kafka, postgres…); each throws when its dependency is not ready. */
  readiness: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  openapi?: OpenApiOptions;
  /** Declares the API-key scheme in the OpenAPI document. */
  security?: ApiKeySecurityOptions;
  /**
   * The API keys of the app's one auth plugin (none: every route that declares roles answers
   * 401). Routes declare `config.roles` or `config.open`; see auth/api-key-auth.ts.
   */
  auth?: ApiKeyAuthOptions;
  /** Injected so tests can predict ids; defaults to the kit's time-ordered UUIDv7. */
  newRequestId?: () => string;
  bodyLimit?: number;
}

/**
 * A configured, not yet listening Fastify app: zod validation and serialization, OpenAPI at
 * /docs, request and correlation ids on every log line, problem+json errors, ops routes and
 * request metrics. Services register their feature plugins on it, then call `listen`.
 */
export async function buildHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  const newRequestId = opts.newRequestId ?? (() => uuidV7());
  const app = fastify({
    // Typed as the base logger so plugins and feature modules need not know about pino.
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => requestIdFor(req.headers, newRequestId),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: (req) => PROBE_PATHS.has(req.url),
    }),
    childLoggerFactory: (logger, bindings, loggerOpts, rawReq) => {
      const requestId = String(bindings['requestId']);
      const correlationId = correlationIdFor(rawReq.headers, requestId);
      return logger.child({ ...bindings, correlationId }, loggerOpts);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('correlationId', '');
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdFor(request.headers, request.id);
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(CORRELATION_ID_HEADER, request.correlationId);
  });

  // Keep-alive clients would otherwise hold their idle connections open until the shutdown
  // deadline; asking them to reconnect lets the close finish as soon as requests are done.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  registerErrorHandling(app);
  registerHttpMetrics(app, opts.metrics);
  registerHttpTracing(app);
  await registerOpenApi(app, {
    version: opts.version,
    openapi: opts.openapi ?? { title: opts.service, description: `${opts.service} HTTP API` },
    ...(opts.security ? { security: opts.security } : {}),
  });
  await app.register(opsRoutes, {
    registry: opts.metrics,
    readiness: opts.readiness,
    readinessTimeoutMs: opts.readinessTimeoutMs ?? 2000,
  });
  // After the ops and docs routes (open by nature), before every feature route (each declares).
  await app.register(apiKeyAuth, {
    ...(opts.security?.headerName ? { headerName: opts.security.headerName } : {}),
    ...opts.auth,
    keys: opts.auth?.keys ?? [],
  });
  return app;
}
