import { describe, expect, it } from 'vitest';
import { readyTimeoutMs } from './processes.js';

describe('readyTimeoutMs', () => {
  it('is 90 s unless FOREWARN_READY_TIMEOUT_S says otherwise', () => {
    expect(readyTimeoutMs({})).toBe(90_000);
    expect(readyTimeoutMs({ FOREWARN_READY_TIMEOUT_S: '300' })).toBe(300_000);
  });

  it('ignores a value that is not a positive number of seconds', () => {
    for (const bad of ['', '0', '-5', 'soon'])
      expect(readyTimeoutMs({ FOREWARN_READY_TIMEOUT_S: bad })).toBe(90_000);
  });
});
