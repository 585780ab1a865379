import type { EventOfType, SourceEvent, TopicName } from '@forewarn/contracts';

/** How a message reaches the topic: first time, resent, late behind newer ones, or after a silence. */
export type Delivery = 'original' | 'duplicate' | 'reordered' | 'backlog';

/** A valid source event and when (sim time) its source sends it. */
export interface SimEvent {
  kind: 'event';
  /** Generation order; breaks ties between equal emitAt. */
  seq: number;
  /** Sim epoch ms at which the source publishes it (occurredAt unless delivery says otherwise). */
  emitAt: number;
  topic: TopicName;
  key: string;
  event: SourceEvent;
  delivery: Delivery;
}

export type Defect = 'bad_json' | 'invalid_values' | 'unknown_schema_id';

/** A message the contract must reject; consumers should dead-letter it. */
export interface SimMalformed {
  kind: 'malformed';
  seq: number;
  emitAt: number;
  topic: TopicName;
  key: string;
  sourceSystem: string;
  /** Type and order of the event it was made from (the door routing follows them). */
  eventType: string;
  orderId?: string;
  defect: Defect;
  /** Bytes for Kafka. */
  value: Buffer;
  /** Body for the HTTP ingestion edge. */
  json: string;
}

export type Emission = SimEvent | SimMalformed;

export type SourceEventType = SourceEvent['type'];
export type SourceEventOf<T extends SourceEventType> = EventOfType<T>;
export type PayloadOf<T extends SourceEventType> = EventOfType<T>['payload'];

export const byEmitOrder = (a: Emission, b: Emission): number =>
  a.emitAt - b.emitAt || a.seq - b.seq;
