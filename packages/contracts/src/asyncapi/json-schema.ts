import { z } from 'zod';
import { avroNameOf, type EventType } from '../envelope.js';
import { eventTypeByName } from '../registry.js';

export type JsonSchema = Record<string, unknown>;

/** Draft-07 JSON Schema of what a producer may send (defaults make their fields optional). */
export function jsonSchemaOf(eventType: EventType): JsonSchema {
  const { $schema, ...body } = z.toJSONSchema(eventType.zod, {
    target: 'draft-7',
    io: 'input',
  }) as JsonSchema;
  return {
    $schema,
    $id: `urn:forewarn:event:${eventType.type}:v${eventType.version}`,
    title: avroNameOf(eventType.type),
    description: eventType.summary,
    ...body,
  };
}

/** JSON Schema of an event type, at the given version or the latest. */
export function toJsonSchema(type: string, version?: number): JsonSchema {
  const eventType = eventTypeByName(type, version);
  if (!eventType)
    throw new Error(`unknown event type ${type}${version === undefined ? '' : ` v${version}`}`);
  return jsonSchemaOf(eventType);
}
