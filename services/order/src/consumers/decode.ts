import { ContractError, decodeEvent, validateEvent, type ForewarnEvent } from '@forewarn/contracts';

/**
 * Reads a message in either wire format the contract allows: Confluent-framed Avro (first byte
 * 0) or a JSON document. Anything else throws a ContractError, which dead-letters the message.
 */
export function decodeMessage(value: Buffer | null): ForewarnEvent {
  if (!value || value.length === 0) throw new ContractError('malformed_message', ['empty message']);
  if (value[0] === 0) return decodeEvent(value).event;
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    throw new ContractError('malformed_message', ['neither Avro-framed nor JSON']);
  }
  const result = validateEvent(json);
  if (!result.ok) throw new ContractError(result.code, result.problems);
  return result.event;
}
