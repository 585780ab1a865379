import { ContractError, encodeEvent } from '@forewarn/contracts';
import { sampleOrderCreated } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';

describe('decodeMessage', () => {
  const event = sampleOrderCreated();

  it('reads Avro-framed messages', () => {
    expect(decodeMessage(encodeEvent(event)).eventId).toBe(event.eventId);
  });

  it('reads JSON documents, validated against the contract', () => {
    const decoded = decodeMessage(Buffer.from(JSON.stringify(event)));
    expect(decoded).toMatchObject({ eventId: event.eventId, type: 'erp.order.created' });
  });

  it.each([
    ['an empty message', Buffer.alloc(0)],
    ['bytes that are neither', Buffer.from('not an event')],
    [
      'JSON that breaks the contract',
      Buffer.from(JSON.stringify({ ...event, occurredAt: 'yesterday' })),
    ],
    [
      'an unknown event type',
      Buffer.from(JSON.stringify({ ...event, type: 'erp.order.teleported' })),
    ],
  ])('rejects %s with a ContractError (dead-lettered)', (_what, bytes) => {
    expect(() => decodeMessage(bytes)).toThrow(ContractError);
  });
});
