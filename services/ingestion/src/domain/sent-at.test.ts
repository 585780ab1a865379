import { describe, expect, it } from 'vitest';
import { sentAtOf } from './sent-at.js';

const received = new Date('2025-03-10T12:00:00.000Z');

describe('sentAtOf', () => {
  it('takes the source’s statement when it is before receipt and within the tolerance', () => {
    expect(sentAtOf(String(received.getTime() - 90_000), received, 300_000).toISOString()).toBe(
      '2025-03-10T11:58:30.000Z',
    );
  });
  it.each([
    ['absent', undefined],
    ['not a number', 'yesterday'],
    ['after receipt', String(received.getTime() + 1)],
    ['older than the tolerance', String(received.getTime() - 300_001)],
  ])('uses the receipt time when the statement is %s', (_, stated) => {
    expect(sentAtOf(stated, received, 300_000)).toEqual(received);
  });
});
