import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

const METRIC = 'http_request_duration_seconds';

/** Unmatched paths are collapsed into one label value: raw URLs would explode cardinality. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Records every answered request by route template (not raw URL), method and status. Reuses the
 * histogram when several apps share one registry (tests, or an admin and a public app).
 */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const existing = registry.getSingleMetric(METRIC);
  const histogram =
    existing instanceof Histogram
      ? (existing as Histogram<'route' | 'method' | 'status_code'>)
      : new Histogram({
          name: METRIC,
          help: 'HTTP request duration by route template, method and status code',
          labelNames: ['route', 'method', 'status_code'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        });

  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      {
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        method: request.method,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
