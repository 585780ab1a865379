import { describe, expect, it } from 'vitest';
import { runReadinessChecks } from './readiness.js';

describe('runReadinessChecks', () => {
  it('is ready with no checks at all', async () => {
    expect(await runReadinessChecks({}, 10)).toEqual({ ready: true, checks: {} });
  });

  it('reports every check, failed ones with their reason', async () => {
    const report = await runReadinessChecks(
      {
        kafka: async () => {},
        postgres: async () => {
          throw new Error('too many clients');
        },
        sync: () => {
          throw new TypeError('boom');
        },
        odd: () => Promise.reject('just a string'),
      },
      100,
    );
    expect(report).toEqual({
      ready: false,
      checks: {
        kafka: { status: 'ok' },
        postgres: { status: 'failed', error: 'too many clients' },
        sync: { status: 'failed', error: 'boom' },
        odd: { status: 'failed', error: 'just a string' },
      },
    });
  });

  it('bounds hanging checks by the timeout and runs them concurrently', async () => {
    let started = 0;
    const hang = () => {
      started += 1;
      return new Promise<void>(() => {});
    };
    const pending = runReadinessChecks({ a: hang, b: hang }, 40);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toBe(2);
    expect((await pending).checks).toEqual({
      a: { status: 'failed', error: 'timed out after 40 ms' },
      b: { status: 'failed', error: 'timed out after 40 ms' },
    });
  });
});
