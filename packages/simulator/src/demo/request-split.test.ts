import { describe, expect, it } from 'vitest';
import { requestSplit } from './request-split.js';

describe('requestSplit', () => {
  it('counts the requests proactive cases carry; the rest stayed cases of their own', () => {
    const cases = [
      { origin: 'proactive', requests: 2 },
      { origin: 'proactive', requests: 0 },
      { origin: 'customer', requests: 1 },
      { origin: 'customer', requests: 1 },
      { origin: 'proactive' },
    ];
    expect(requestSplit(cases, 5)).toEqual({ sent: 5, onProactiveCases: 2, ownCases: 3 });
  });
});
