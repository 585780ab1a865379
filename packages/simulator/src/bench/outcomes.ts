import { decodeEvent, type ForewarnEvent } from '@forewarn/contracts';
import type { KafkaMessage } from 'kafkajs';
import { addSource, emptyGraph, type CausalGraph, type Outcome } from './trace.js';

export interface Outcomes {
  graph: CausalGraph;
  caseOpened: Outcome[];
  noticeSent: Outcome[];
  /** Messages that did not decode (the simulator's malformed share, read back). */
  undecodable: number;
}

export interface OutcomeCollector extends Outcomes {
  onBatch: (topic: string, messages: readonly KafkaMessage[]) => void;
}

function decoded(value: Buffer | null): ForewarnEvent | undefined {
  try {
    return value ? decodeEvent(value).event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Indexes the read-back topics: source events by their first produce timestamp, domain events
 * by their cause, and the outcomes measured (first `case.opened` of each case, every
 * `notification.sent`) with the Kafka timestamp their producer gave the record.
 */
export function collectOutcomes(isSourceTopic: (topic: string) => boolean): OutcomeCollector {
  const c: OutcomeCollector = {
    graph: emptyGraph(),
    caseOpened: [],
    noticeSent: [],
    undecodable: 0,
    onBatch: (topic, messages) => {
      const source = isSourceTopic(topic);
      for (const m of messages) {
        const event = decoded(m.value);
        if (!event) {
          c.undecodable++;
          continue;
        }
        const at = Number(m.timestamp);
        if (source) {
          addSource(c.graph, event.eventId, at);
          continue;
        }
        if (event.causationId) c.graph.causes.set(event.eventId, event.causationId);
        if (!c.graph.producedAt.has(event.eventId)) c.graph.producedAt.set(event.eventId, at);
        if (event.type === 'case.opened' && !opened.has(event.payload.caseId)) {
          opened.add(event.payload.caseId);
          c.caseOpened.push({ producedAt: at, causeId: event.causationId ?? undefined });
        } else if (event.type === 'notification.sent') {
          c.noticeSent.push({
            producedAt: at,
            causeId: event.payload.triggerEventId ?? event.causationId ?? undefined,
          });
        }
      }
    },
  };
  const opened = new Set<string>();
  return c;
}
