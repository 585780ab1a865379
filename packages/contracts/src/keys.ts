import { eventTypeByName } from './registry.js';
import { topicByName } from './topics.js';

export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/** The Kafka message key of an event, by the key rule of the topic its type is published on. */
export function keyFor(event: { type: string; payload: object }): string {
  const eventType = eventTypeByName(event.type);
  if (!eventType) throw new KeyError(`unknown event type ${event.type}`);
  const topic = topicByName(eventType.topic);
  if (!topic) throw new KeyError(`event type ${event.type} names unknown topic ${eventType.topic}`);
  const field = topic.messageKey.payloadField;
  const key: unknown = (event.payload as Record<string, unknown>)[field];
  if (typeof key !== 'string' || key.length === 0) {
    throw new KeyError(`${event.type}: payload.${field} (key of ${topic.name}) is missing`);
  }
  return key;
}
