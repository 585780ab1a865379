import { eventTypeByName, keyFor, type SourceEvent, type TopicName } from '@forewarn/contracts';
import type { PayloadOf, SimEvent, SourceEventOf, SourceEventType } from './emissions.js';
import type { Rng } from './prng.js';
import { iso } from './time.js';

export interface Refs {
  customerId?: string;
  orderId?: string;
  poNumber?: string;
  shipmentId?: string;
  trackingNumbers?: string[];
}

/** Collects the day's valid source events with deterministic ids, in generation order. */
export class EventLog {
  readonly events: SimEvent[] = [];
  private readonly ids: Rng;

  constructor(ids: Rng) {
    this.ids = ids;
  }

  add<T extends SourceEventType>(
    type: T,
    sourceSystem: string,
    occurredAt: number,
    refs: Refs,
    payload: PayloadOf<T>,
  ): SourceEventOf<T> {
    const eventType = eventTypeByName(type);
    if (!eventType) throw new Error(`unknown event type ${type}`);
    const event = {
      eventId: this.ids.uuid(),
      type,
      schemaVersion: eventType.version,
      sourceSystem,
      occurredAt: iso(occurredAt),
      refs,
      payload,
    } as unknown as SourceEventOf<T>;
    this.events.push({
      kind: 'event',
      seq: this.events.length,
      emitAt: occurredAt,
      topic: eventType.topic as TopicName,
      key: keyFor(event as SourceEvent),
      event: event as SourceEvent,
      delivery: 'original',
    });
    return event;
  }
}
