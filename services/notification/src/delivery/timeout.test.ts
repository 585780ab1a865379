import { describe, expect, it } from 'vitest';
import { isTimeout, withTimeout } from './timeout.js';

describe('withTimeout', () => {
  it('passes a result that comes in time through', async () => {
    await expect(withTimeout(Promise.resolve('ok'), 50, 'sms send')).resolves.toBe('ok');
  });

  it('gives up on a call that never answers, as a timeout', async () => {
    const err = await withTimeout(new Promise(() => {}), 20, 'sms send').catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect((err as Error).message).toBe('sms send got no answer within 20 ms');
  });

  it('keeps a provider failure a failure, not a timeout', async () => {
    const err = await withTimeout(Promise.reject(new Error('refused')), 50, 'x').catch(
      (e: unknown) => e,
    );
    expect(isTimeout(err)).toBe(false);
  });
});
