import {
  extractTraceContext,
  remoteSpanContext,
  startOtlpReceiver,
  startTracing,
  withCauses,
  withSpan,
  type OtlpReceiver,
  type Tracing,
} from '@forewarn/observability';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, servicePool, silentLogger as logger } from '../test-support/db.js';
import { collectTopic, kafkaPublisher, useRelayTestBed } from '../test-support/kafka.js';
import { withTransaction } from '../transaction.js';
import { enqueueOutbox } from './enqueue.js';
import { startOutboxRelay } from './relay.js';

const CAUSE_TRACE = '0123456789abcdef0123456789abcdef';

describe('outbox rows keep the trace of their cause (integration: real PostgreSQL and Kafka)', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing({
      serviceName: 'outbox-trace-test',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
  });
  const bed = useRelayTestBed('db-outbox-trace', { beforeAll, afterAll });
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
  });

  it('stores the cause message trace in the row, and the relay publishes it under an outbox publish span', async () => {
    const schema = 'outbox_trace';
    const pool = await servicePool(bed.env.databaseUrl, schema);
    bed.pools.push(pool);
    const topic = `${bed.env.prefix}${schema}`;
    await bed.env.createTopics([{ topic, numPartitions: 1 }]);

    // A batch of two messages of different traces; the row names the second as its cause.
    const causes = new Map([
      [
        'cause-1',
        extractTraceContext({
          traceparent: '00-ffffffffffffffffffffffffffffffff-1111111111111111-01',
        }),
      ],
      ['cause-2', extractTraceContext({ traceparent: `00-${CAUSE_TRACE}-2222222222222222-01` })],
    ]);
    const caused = { ...event(topic, 'k', 'caused'), causationId: 'cause-2' };
    const uncaused = event(topic, 'k', 'no cause named');
    let batchTrace = '';
    await withSpan('batch', { stage: 'consume' }, async (span) => {
      batchTrace = span.spanContext().traceId;
      await withCauses(causes, () =>
        withTransaction(pool, (c) => enqueueOutbox(c, [caused, uncaused])),
      );
    });
    const { rows } = await pool.query<{ value: Buffer; headers: Record<string, string> }>(
      `SELECT value, headers FROM ${schema}.outbox ORDER BY id`,
    );
    expect(remoteSpanContext(rows[0]!.headers)).toMatchObject({
      traceId: CAUSE_TRACE,
      spanId: '2222222222222222',
    });
    // Naming no message of the batch, a row does not join the batch's trace.
    expect(remoteSpanContext(rows[1]!.headers)).toBeUndefined();

    const relay = startOutboxRelay({
      pool,
      schema,
      publisher: kafkaPublisher(bed.producer),
      logger,
      pollIntervalMs: 200,
    });
    bed.relays.push(relay);
    const consumer = await collectTopic(bed.env.kafka, topic, `${bed.env.prefix}${schema}`);
    bed.stops.push(consumer.stop);
    await eventually(() => (consumer.received.length >= 2 ? true : undefined), {
      what: 'both events published',
    });
    const published = consumer.received.find((m) => m.value === 'caused')!;
    const carried = remoteSpanContext(published.headers);
    expect(carried?.traceId).toBe(CAUSE_TRACE);

    await tracing.flush();
    const publish = await eventually(
      () => receiver.spans.find((s) => s.traceId === CAUSE_TRACE && s.name === `${topic} publish`),
      { what: 'the publish span exported' },
    );
    expect(publish).toMatchObject({
      parentSpanId: '2222222222222222',
      attributes: { 'forewarn.stage': 'outbox.publish', 'messaging.message.id': caused.eventId },
    });
    // The consumer of the published event becomes a child of the publish span.
    expect(carried?.spanId).toBe(publish.spanId);
    const tx = receiver.spans.find(
      (s) => s.traceId === batchTrace && s.attributes['forewarn.stage'] === 'db.transaction',
    );
    expect(tx).toBeDefined();
  });
});
