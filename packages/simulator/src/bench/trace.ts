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
  /** Domain eventId → the Kafka timestamp its producer (a service's outbox relay) gave it. */
  producedAt: Map<string, number>;
}

export const emptyGraph = (): CausalGraph => ({
  sourceProducedAt: new Map(),
  causes: new Map(),
  producedAt: new Map(),
});

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
): { eventId: string; producedAt: number; firstHopAt?: number } | undefined {
  let id = eventId;
  let caused: string | undefined;
  for (let hop = 0; id !== undefined && hop <= MAX_HOPS; hop++) {
    const at = g.sourceProducedAt.get(id);
    if (at !== undefined) {
      const firstHopAt = caused === undefined ? undefined : g.producedAt.get(caused);
      return { eventId: id, producedAt: at, ...(firstHopAt === undefined ? {} : { firstHopAt }) };
    }
    caused = id;
    id = g.causes.get(id);
  }
  return undefined;
}

export interface TracedLatency {
  /** When the root source event was produced. */
  sourceAt: number;
  ms: number;
  /**
   * Of those, until the first domain event (the order or shipment service's) was produced: the
   * rest is the detector's (and for notices the notification service's) share.
   */
  firstHopMs?: number;
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
    if (!root) {
      untraced++;
      continue;
    }
    const { producedAt: sourceAt, firstHopAt } = root;
    traced.push({
      sourceAt,
      ms: o.producedAt - sourceAt,
      ...(firstHopAt === undefined ? {} : { firstHopMs: firstHopAt - sourceAt }),
    });
  }
  return { traced, untraced };
}
