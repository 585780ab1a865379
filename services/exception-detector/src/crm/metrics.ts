import { Counter, type Registry } from '@forewarn/observability';

function counter(registry: Registry, name: string, help: string, labelNames: string[]) {
  // A registry outlives a worker (tests restart services on one registry): reuse the metric.
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<string>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function crmMetrics(registry: Registry) {
  return {
    sent: counter(registry, 'forewarn_crm_sync_sent_total', 'CRM sends that succeeded', [
      'target',
      'system',
    ]),
    failed: counter(registry, 'forewarn_crm_sync_failures_total', 'CRM send attempts that failed', [
      'target',
      'system',
      'retriable',
    ]),
    dead: counter(
      registry,
      'forewarn_crm_sync_dead_total',
      'CRM sync jobs given up on (dead letter)',
      ['target', 'system', 'reason'],
    ),
  };
}
export type CrmMetrics = ReturnType<typeof crmMetrics>;
