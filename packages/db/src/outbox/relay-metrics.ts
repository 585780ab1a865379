import { Counter, Gauge, type Registry } from '@forewarn/observability';

export interface RelayMetrics {
  published(count: number): void;
  failed(): void;
  leading(isLeader: boolean): void;
  parked(): void;
}

const noop: RelayMetrics = {
  published: () => {},
  failed: () => {},
  leading: () => {},
  parked: () => {},
};

// Several relays (one per schema) may share a registry, which refuses a second metric of a name.
function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function relayMetrics(registry: Registry | undefined, schema: string): RelayMetrics {
  if (registry === undefined) return noop;
  const registers = [registry];
  const labelNames = ['schema'] as const;
  const published = shared(
    registry,
    'forewarn_outbox_published_total',
    () =>
      new Counter({
        name: 'forewarn_outbox_published_total',
        help: 'Outbox rows published',
        labelNames,
        registers,
      }),
  );
  const failures = shared(
    registry,
    'forewarn_outbox_relay_failures_total',
    () =>
      new Counter({
        name: 'forewarn_outbox_relay_failures_total',
        help: 'Failed relay cycles',
        labelNames,
        registers,
      }),
  );
  const leader = shared(
    registry,
    'forewarn_outbox_relay_leader',
    () =>
      new Gauge({
        name: 'forewarn_outbox_relay_leader',
        help: '1 while this instance publishes the schema outbox',
        labelNames,
        registers,
      }),
  );
  const parked = shared(
    registry,
    'forewarn_outbox_parked_total',
    () =>
      new Counter({
        name: 'forewarn_outbox_parked_total',
        help: 'Outbox rows parked after running out of publish attempts (alert on any increase)',
        labelNames,
        registers,
      }),
  );
  return {
    parked: () => parked.inc({ schema }),
    published: (count) => published.inc({ schema }, count),
    failed: () => failures.inc({ schema }),
    leading: (isLeader) => leader.set({ schema }, isLeader ? 1 : 0),
  };
}
