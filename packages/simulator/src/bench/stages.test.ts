import type { ReceivedSpan } from '@forewarn/observability';
import { describe, expect, it } from 'vitest';
import { renderStages, stageBreakdown } from './stages.js';

let n = 0;
function span(
  service: string,
  name: string,
  stage: string,
  ms: number,
  parent?: ReceivedSpan,
  traceId = 't1',
): ReceivedSpan {
  n += 1;
  return {
    service,
    traceId: parent?.traceId ?? traceId,
    spanId: `s${n}`,
    parentSpanId: parent?.spanId,
    name,
    kind: 0,
    startNs: 0n,
    endNs: BigInt(ms * 1e6),
    ms,
    attributes: { 'forewarn.stage': stage },
    links: [],
    statusCode: 0,
  };
}

describe('stageBreakdown', () => {
  it('splits each service’s time by stage without counting a child twice', () => {
    const consume = span('order', 'erp.orders process', 'consume', 10);
    const decode = span('order', 'decode', 'decode', 2, consume);
    const batch = span('order', 'erp.orders process batch', 'consume', 7, consume);
    const tx = span('order', 'db transaction', 'db.transaction', 5, batch);
    const other = span('order', 'erp.orders process', 'consume', 4, undefined, 't2');
    const publish = span('order', 'domain.orders publish', 'outbox.publish', 3, undefined, 't3');
    const b = stageBreakdown([consume, decode, batch, tx, other, publish], 0.1);

    expect(b.messages).toEqual({ order: 2 });
    const row = (stage: string) => b.stages.find((s) => s.stage === stage)!;
    // 10 - decode 2 - batch 7 = 1 own, and 4 for the second message.
    expect(row('consume').selfTotalMs).toBe(5);
    expect(row('consume batch').selfTotalMs).toBe(2);
    expect(row('db.transaction').selfTotalMs).toBe(5);
    expect(row('db.transaction').selfMsPerMessage).toBe(2.5);
    expect(row('decode').duration.count).toBe(1);
    // Own times add up to the time covered: 10 + 4 + 3.
    const total = b.stages.reduce((s, r) => s + r.selfTotalMs, 0);
    expect(total).toBe(17);
    expect(b.stages.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1);
    // Sorted by own time within the service, largest first.
    expect(b.stages[0]!.stage).toBe('consume');
  });

  it('takes a linked batch out of its messages, and leaves another service’s spans to it', () => {
    const m1 = span('shipment', 'x process', 'consume', 20, undefined, 'a');
    const m2 = span('shipment', 'x process', 'consume', 20, undefined, 'b');
    const batch = { ...span('shipment', 'x process batch', 'consume', 15, undefined, 'c') };
    batch.links = [
      { traceId: 'a', spanId: m1.spanId },
      { traceId: 'b', spanId: m2.spanId },
    ];
    const publish = span('shipment', 'domain.shipments publish', 'outbox.publish', 4, m1);
    const downstream = span('notification', 'domain.shipments process', 'consume', 30, publish);
    const b = stageBreakdown([m1, m2, batch, publish, downstream], 1);
    const row = (service: string, stage: string) =>
      b.stages.find((s) => s.service === service && s.stage === stage)!;
    // 20 + 20 - 15 each - 4 (the publish under m1).
    expect(row('shipment', 'consume').selfTotalMs).toBe(6);
    expect(row('shipment', 'consume batch').selfTotalMs).toBe(15);
    expect(row('shipment', 'outbox.publish').selfTotalMs).toBe(4);
    expect(row('notification', 'consume').selfTotalMs).toBe(30);
  });

  it('renders one row per service and stage', () => {
    const a = span('shipment', 'x process', 'consume', 3);
    const lines = renderStages(stageBreakdown([a], 0.02));
    expect(lines[0]).toContain('0.02');
    expect(lines.filter((l) => l.startsWith('| shipment |'))).toHaveLength(1);
  });
});
