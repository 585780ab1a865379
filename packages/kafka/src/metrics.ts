import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ConsumerMetrics {
  processed: Counter<'topic' | 'group'>;
  failed: Counter<'topic' | 'group'>;
  deadLettered: Counter<'topic' | 'group' | 'reason'>;
  handleDuration: Histogram<'topic' | 'group' | 'mode'>;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  eventAge: Histogram<'topic' | 'group'>;
  stalled: Gauge<'topic' | 'partition' | 'group'>;
}

export const METRIC_NAMES = {
  processed: 'forewarn_kafka_messages_processed_total',
  failed: 'forewarn_kafka_handler_failures_total',
  deadLettered: 'forewarn_kafka_messages_dead_lettered_total',
  handleDuration: 'forewarn_kafka_handle_duration_seconds',
  lag: 'forewarn_kafka_consumer_lag',
  eventAge: 'forewarn_kafka_event_age_seconds',
  stalled: 'forewarn_kafka_partition_stalled',
} as const;

/** Several consumers in one process share one registry: reuse a metric when it exists. */
function reuse<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const registers = [registry];
  return {
    processed: reuse(
      registry,
      METRIC_NAMES.processed,
      () =>
        new Counter({
          name: METRIC_NAMES.processed,
          help: 'Messages handled successfully',
          labelNames: ['topic', 'group'],
          registers,
        }),
    ),
    failed: reuse(
      registry,
      METRIC_NAMES.failed,
      () =>
        new Counter({
          name: METRIC_NAMES.failed,
          help: 'Failed handler attempts (each retry counts)',
          labelNames: ['topic', 'group'],
          registers,
        }),
    ),
    deadLettered: reuse(
      registry,
      METRIC_NAMES.deadLettered,
      () =>
        new Counter({
          name: METRIC_NAMES.deadLettered,
          help: 'Messages sent to the dead-letter topic',
          labelNames: ['topic', 'group', 'reason'],
          registers,
        }),
    ),
    handleDuration: reuse(
      registry,
      METRIC_NAMES.handleDuration,
      () =>
        new Histogram({
          name: METRIC_NAMES.handleDuration,
          help: 'Duration of one successful handler call (mode=message) or handleBatch call (mode=batch)',
          labelNames: ['topic', 'group', 'mode'],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers,
        }),
    ),
    lag: reuse(
      registry,
      METRIC_NAMES.lag,
      () =>
        new Gauge({
          name: METRIC_NAMES.lag,
          help: 'High watermark minus the next offset to process, per partition',
          labelNames: ['topic', 'partition', 'group'],
          registers,
        }),
    ),
    eventAge: reuse(
      registry,
      METRIC_NAMES.eventAge,
      () =>
        new Histogram({
          name: METRIC_NAMES.eventAge,
          help: 'Now minus the record timestamp when processing starts',
          labelNames: ['topic', 'group'],
          buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400],
          registers,
        }),
    ),
    stalled: reuse(
      registry,
      METRIC_NAMES.stalled,
      () =>
        new Gauge({
          name: METRIC_NAMES.stalled,
          help: '1 while a partition is held on a transient failure (a dependency away), else 0',
          labelNames: ['topic', 'partition', 'group'],
          registers,
        }),
    ),
  };
}

/**
 * The partitions held on a transient failure right now, as `group topic[partition]`: what a
 * readiness probe reports. Empty when no consumer of this registry ever stalled.
 */
export async function stalledPartitions(registry: Registry): Promise<string[]> {
  const gauge = registry.getSingleMetric(METRIC_NAMES.stalled);
  if (gauge === undefined) return [];
  const { values } = await gauge.get();
  return values
    .filter((v) => v.value > 0)
    .map(
      (v) => `${String(v.labels.group)} ${String(v.labels.topic)}[${String(v.labels.partition)}]`,
    );
}
