import { describe, expect, it } from 'vitest';
import { addSource, emptyGraph, sourceOf, traceLatencies } from './trace.js';

function graph() {
  const g = emptyGraph();
  addSource(g, 'wms-short-1', 1_000);
  addSource(g, 'wms-short-1', 900); // the same event delivered twice: the first produce counts
  addSource(g, 'scan-7', 2_000);
  g.causes.set('order.line-short-1', 'wms-short-1');
  g.producedAt.set('order.line-short-1', 1_100);
  g.causes.set('case.opened-1', 'order.line-short-1');
  return g;
}

describe('sourceOf', () => {
  it('follows case → order event → source event, keeping the earliest produce time', () => {
    expect(sourceOf(graph(), 'case.opened-1')).toEqual({
      eventId: 'wms-short-1',
      producedAt: 900,
      firstHopAt: 1_100,
    });
  });

  it('stops at a source event named directly', () => {
    expect(sourceOf(graph(), 'scan-7')?.producedAt).toBe(2_000);
  });

  it('gives nothing for an outcome without a cause (a timer) or with an unknown one', () => {
    expect(sourceOf(graph(), undefined)).toBeUndefined();
    expect(sourceOf(graph(), 'who-knows')).toBeUndefined();
  });

  it('does not hang on a causation cycle', () => {
    const g = emptyGraph();
    g.causes.set('a', 'b');
    g.causes.set('b', 'a');
    expect(sourceOf(g, 'a')).toBeUndefined();
  });
});

describe('traceLatencies', () => {
  it('measures from the source produce to the outcome record, and to the first domain event on the way, and counts the untraceable', () => {
    const r = traceLatencies(graph(), [
      { producedAt: 1_250, causeId: 'order.line-short-1' },
      { producedAt: 2_040, causeId: 'scan-7' },
      { producedAt: 3_000, causeId: undefined },
    ]);
    expect(r.traced).toEqual([
      { sourceAt: 900, ms: 350, firstHopMs: 200 },
      { sourceAt: 2_000, ms: 40 },
    ]);
    expect(r.untraced).toBe(1);
  });
});
