import { decodeEvent, eventTypeBySchemaId, schemaIdOf } from '@forewarn/contracts';
import type { ConsumedMessage } from '@forewarn/kafka';
import { HANDLED_TYPES, type ShipmentSourceEvent } from '../domain/types.js';

/** A decoded message: an event we fold, or one of the other types sharing our topics. */
export type Incoming = { handled: true; event: ShipmentSourceEvent } | { handled: false };

/**
 * Reads the schema id first and skips the Avro body of types we do not fold (waves, picks…),
 * which are most of source.wms.fulfilment. Anything malformed or unknown throws, so the
 * consumer dead-letters it.
 */
export function decodeIncoming(msg: ConsumedMessage): Incoming {
  const value = msg.value ?? Buffer.alloc(0);
  const known = eventTypeBySchemaId(schemaIdOf(value));
  if (known && !HANDLED_TYPES.has(known.type)) return { handled: false };
  const { event } = decodeEvent(value);
  if (!HANDLED_TYPES.has(event.type)) return { handled: false };
  return { handled: true, event: event as ShipmentSourceEvent };
}
