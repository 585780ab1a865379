import type { ReceivedSpan } from '@forewarn/observability';
import { summarize, type LatencySummary } from './percentiles.js';

/** Time of one service's spans of one stage, from what the services' OTLP exporters sent. */
export interface StageFigures {
  service: string;
  /** `forewarn.stage`, with consume split into `consume` (one message) and `consume batch`. */
  stage: string;
  /** Span durations, ms. */
  duration: LatencySummary;
  /** Mean of the span's own time (its duration less its children's), ms. */
  selfMeanMs: number;
  /** Own time of all these spans, ms, summed. */
  selfTotalMs: number;
  /** That own time per message the service consumed (its sampled message spans), ms. */
  selfMsPerMessage: number | null;
  /** Share of the service's own time in its spans. */
  share: number;
}

export interface StageBreakdown {
  /** Share of traces the services kept (OTEL_TRACES_SAMPLER_ARG). */
  sampled: number;
  spans: number;
  /** Sampled messages each service processed (its per-message consume spans). */
  messages: Record<string, number>;
  stages: StageFigures[];
}

function stageOf(s: ReceivedSpan): string {
  const stage = String(s.attributes['forewarn.stage'] ?? 'other');
  return stage === 'consume' && s.name.endsWith(' process batch') ? 'consume batch' : stage;
}

/**
 * Where the time goes, per service and stage. A span's own time leaves out the time of the same
 * service's spans under it (a message's decode, a batch's transaction, and the batch that links
 * to a message of a batch of several), so the own times of one service add up to the time its
 * spans covered without counting any of it twice. Another service's spans under one (the
 * consumers of a published event) are that service's time, not this one's.
 */
export function stageBreakdown(spans: readonly ReceivedSpan[], sampled: number): StageBreakdown {
  const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  // Time inside a span spent in spans of the same service under it: its children, and a batch
  // that links to it (the batch handled the message while the message's span waited).
  const coveredMs = new Map<string, number>();
  const cover = (key: string, s: ReceivedSpan) => {
    if (byId.get(key)?.service !== s.service) return;
    coveredMs.set(key, (coveredMs.get(key) ?? 0) + s.ms);
  };
  for (const s of spans) {
    if (s.parentSpanId) cover(`${s.traceId}/${s.parentSpanId}`, s);
    for (const l of s.links) cover(`${l.traceId}/${l.spanId}`, s);
  }
  const groups = new Map<
    string,
    { service: string; stage: string; ms: number[]; self: number[] }
  >();
  const messages: Record<string, number> = {};
  for (const s of spans) {
    const stage = stageOf(s);
    if (stage === 'consume') messages[s.service] = (messages[s.service] ?? 0) + 1;
    const key = `${s.service}\u0000${stage}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { service: s.service, stage, ms: [], self: [] }));
    g.ms.push(s.ms);
    g.self.push(Math.max(0, s.ms - (coveredMs.get(`${s.traceId}/${s.spanId}`) ?? 0)));
  }
  const serviceSelf = new Map<string, number>();
  for (const g of groups.values())
    serviceSelf.set(
      g.service,
      (serviceSelf.get(g.service) ?? 0) + g.self.reduce((a, b) => a + b, 0),
    );
  const stages = [...groups.values()]
    .map((g): StageFigures => {
      const selfTotalMs = g.self.reduce((a, b) => a + b, 0);
      const perService = messages[g.service] ?? 0;
      return {
        service: g.service,
        stage: g.stage,
        duration: summarize(g.ms),
        selfMeanMs: selfTotalMs / g.self.length,
        selfTotalMs,
        selfMsPerMessage: perService > 0 ? selfTotalMs / perService : null,
        share: selfTotalMs / (serviceSelf.get(g.service) || 1),
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service) || b.selfTotalMs - a.selfTotalMs);
  return { sampled, spans: spans.length, messages, stages };
}

const ms = (v: number | null) => (v === null ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));

/** The markdown table of a breakdown. */
export function renderStages(b: StageBreakdown): string[] {
  const lines = [
    `Traced share ${b.sampled} of new traces (parent-based sampling), ${b.spans} spans received over OTLP/HTTP. ` +
      'Own time = span duration less the same service’s spans under it or linked to it (ms); per message = own time / the service’s sampled consumed messages. A message’s consume own time is its wait in its chunk (decoding the others, the offset commit).',
    '',
    '| service | stage | spans | p50 ms | p99 ms | own ms (mean) | own ms per message | share of service |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of b.stages) {
    lines.push(
      `| ${s.service} | ${s.stage} | ${s.duration.count} | ${ms(s.duration.p50)} | ${ms(s.duration.p99)} | ${ms(s.selfMeanMs)} | ${ms(s.selfMsPerMessage)} | ${(s.share * 100).toFixed(1)} % |`,
    );
  }
  return lines;
}
