import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { runReadinessChecks, type ReadinessCheck } from './readiness.js';

export const OPS_TAG = 'ops';

/** Probed every few seconds by orchestrators and scrapers; their request lines are noise. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const checkResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok') }),
  z.object({ status: z.literal('failed'), error: z.string() }),
]);

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), checkResultSchema),
});

export interface OpsRoutesOptions {
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  readinessTimeoutMs: number;
}

/** Liveness, readiness and Prometheus exposition: the same three routes in every service. */
export const opsRoutes: FastifyPluginAsyncZod<OpsRoutesOptions> = async (app, opts) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: [OPS_TAG],
        summary: 'Liveness: the process is up and serving HTTP',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: [OPS_TAG],
        summary: 'Readiness: every dependency check passes',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (request, reply) => {
      const report = await runReadinessChecks(opts.readiness, opts.readinessTimeoutMs);
      if (report.ready) return { status: 'ready' as const, checks: report.checks };
      const failed = Object.entries(report.checks).filter(([, r]) => r.status === 'failed');
      request.log.warn({ failed: Object.fromEntries(failed) }, 'not ready');
      return reply.code(503).send({ status: 'not_ready', checks: report.checks });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: [OPS_TAG],
        summary: 'Prometheus metrics in text exposition format',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => {
      const body = await opts.registry.metrics();
      return reply.type(opts.registry.contentType).send(body);
    },
  );
};
