import { sampleOrderCreated } from '@forewarn/contracts/fixtures';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@forewarn/observability';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from './testing/harness.js';

// The ingestion stage shows in a trace as the detector's `detect` does: a span of stage `ingest`
// inside the transaction of each write path (the HTTP doors and the feed-health consumer).
describe('ingestion spans its ingest stage (integration: real service, broker, database, OTLP/HTTP)', () => {
  let receiver: OtlpReceiver;
  let h: Harness;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    h = await startHarness('ingest-span', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER: 'always_on',
    });
  });
  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
  });

  const stage = (s: ReceivedSpan) => s.attributes['forewarn.stage'];
  const parentOf = (s: ReceivedSpan) => receiver.spans.find((p) => p.spanId === s.parentSpanId);

  it('an accepted request and the consumer counting its message each run an ingest span inside their transaction', async () => {
    const event = sampleOrderCreated({ eventId: 'erp-span-1', sourceSystem: 'erp:sap-prod' });
    const res = await h.post('/v1/events', { events: [event] }, { 'x-api-key': KEYS.erp });
    expect(res.status).toBe(202);
    const ingests = await eventually(
      () => {
        const found = receiver.spans.filter(
          (s) => s.service === 'ingestion' && stage(s) === 'ingest',
        );
        // The span the ingest stage's transaction runs under.
        const outer = (s: ReceivedSpan) => {
          const tx = parentOf(s);
          return tx && stage(tx) === 'db.transaction' ? parentOf(tx) : undefined;
        };
        const underRequest = found.find((s) => outer(s)?.name === 'POST /v1/events');
        const counted = found.find((s) => {
          const o = outer(s);
          return o !== undefined && stage(o) === 'consume';
        });
        return underRequest && counted ? { underRequest, counted } : undefined;
      },
      { timeoutMs: 60_000, what: 'both ingest spans' },
    );
    expect(ingests.underRequest.attributes['forewarn.events']).toBe(1);
    expect(ingests.counted.attributes['forewarn.events']).toBeGreaterThanOrEqual(1);
  });
});
