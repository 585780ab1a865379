import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process (not prom-client's global one), so tests that build several apps in
 * one process do not collide on metric names.
 */
export function createMetricsRegistry(service: string, opts: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

export { Registry, Counter, Gauge, Histogram } from 'prom-client';
