import { encodeEvent } from '@forewarn/contracts';
import type { Emission } from './emissions.js';

/** An emission ready for the wire: Avro-framed bytes for Kafka and a JSON body for HTTP. */
export interface OutgoingSimMessage {
  emitAt: number;
  topic: string;
  key: string;
  value: Buffer;
  json: string;
  malformed: boolean;
  eventId?: string;
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
        }
      : {
          emitAt: e.emitAt,
          topic: e.topic,
          key: e.key,
          value: e.value,
          json: e.json,
          malformed: true,
        },
  );
}

/** Stable per message, so the same events go over HTTP on every run with the same share. */
export function goesOverHttp(m: OutgoingSimMessage, share: number): boolean {
  if (share <= 0) return false;
  let h = 2166136261;
  const s = m.eventId ?? m.json;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296 < share;
}
