import { encodeEvent, type SourceEvent } from '@forewarn/contracts';
import { fraction } from './fraction.js';
import type { Defect, Emission } from './emissions.js';

/** An emission ready for the wire: Avro-framed bytes for Kafka and a JSON body for HTTP. */
export interface OutgoingSimMessage {
  emitAt: number;
  topic: string;
  key: string;
  value: Buffer;
  json: string;
  malformed: boolean;
  eventId?: string;
  sourceSystem: string;
  /** The event's type; for a malformed message, the type it was made from. */
  eventType: string;
  /** What routing by order goes by: the order the event is about, else its key. */
  routeKey: string;
  /** The valid event (doors that re-encode it: webhook JSON, EDI). */
  event?: SourceEvent;
  defect?: Defect;
}

/** Encodes up front, so publishing is paced by the clock and the broker, not by Avro. */
export function toMessages(emissions: readonly Emission[]): OutgoingSimMessage[] {
  return emissions.map((e) =>
    e.kind === 'event'
      ? {
          emitAt: e.emitAt,
          topic: e.topic,
          key: e.key,
          value: encodeEvent(e.event),
          json: JSON.stringify(e.event),
          malformed: false,
          eventId: e.event.eventId,
          sourceSystem: e.event.sourceSystem,
          eventType: e.event.type,
          routeKey: e.event.refs.orderId ?? e.key,
          event: e.event,
        }
      : {
          emitAt: e.emitAt,
          topic: e.topic,
          key: e.key,
          value: e.value,
          json: e.json,
          malformed: true,
          sourceSystem: e.sourceSystem,
          eventType: e.eventType,
          routeKey: e.orderId ?? e.key,
          defect: e.defect,
        },
  );
}

/** Stable per message, so the same events go over HTTP on every run with the same share. */
export function goesOverHttp(m: OutgoingSimMessage, share: number): boolean {
  if (share <= 0) return false;
  return fraction(m.eventId ?? m.json) < share;
}
