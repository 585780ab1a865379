/**
 * What links an outcome (case opened, notice sent) to the source event behind it: each domain
 * event names the event that caused it (causationId; a notice names its trigger event), and a
 * source event is known by the Kafka timestamp it was first produced with.
 */
export interface CausalGraph {
  /** Source eventId → earliest produce timestamp (a duplicate delivery keeps the first). */
  sourceProducedAt: Map<string, number>;
  /** Domain eventId → the eventId that caused it. */
  causes: Map<string, string>;
}

export const emptyGraph = (): CausalGraph => ({ sourceProducedAt: new Map(), causes: new Map() });

export function addSource(g: CausalGraph, eventId: string, producedAt: number): void {
  const seen = g.sourceProducedAt.get(eventId);
  if (seen === undefined || producedAt < seen) g.sourceProducedAt.set(eventId, producedAt);
}

/** An outcome: when its record was produced, and the event that caused it (if it names one). */
export interface Outcome {
  producedAt: number;
  causeId: string | undefined;
}

/** Longer chains than order → shipment → case → notice do not exist; a cycle must not hang. */
const MAX_HOPS = 8;

/** The source event at the root of a causation chain, or undefined if it leads nowhere known. */
export function sourceOf(
  g: CausalGraph,
  eventId: string | undefined,
): { eventId: string; producedAt: number } | undefined {
  let id = eventId;
  for (let hop = 0; id !== undefined && hop <= MAX_HOPS; hop++) {
    const at = g.sourceProducedAt.get(id);
    if (at !== undefined) return { eventId: id, producedAt: at };
    id = g.causes.get(id);
  }
  return undefined;
}

export interface TracedLatency {
  /** When the root source event was produced. */
  sourceAt: number;
  ms: number;
}

/** Source-to-outcome latency of every outcome that traces back to a source event. */
export function traceLatencies(
  g: CausalGraph,
  outcomes: readonly Outcome[],
): { traced: TracedLatency[]; untraced: number } {
  const traced: TracedLatency[] = [];
  let untraced = 0;
  for (const o of outcomes) {
    const root = sourceOf(g, o.causeId);
    if (root) traced.push({ sourceAt: root.producedAt, ms: o.producedAt - root.producedAt });
    else untraced++;
  }
  return { traced, untraced };
}
