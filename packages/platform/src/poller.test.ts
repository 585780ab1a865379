import { describe, expect, it } from 'vitest';
import { nextDelay, startHeartbeat, startPoller } from './poller.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = () => {
  const errors: string[] = [];
  return { errors, logger: { error: (_: object, msg: string) => void errors.push(msg) } };
};

describe('nextDelay', () => {
  it('spreads the interval by at most the jitter either side', () => {
    expect(nextDelay(1000, 0.1, () => 0)).toBe(900);
    expect(nextDelay(1000, 0.1, () => 0.5)).toBe(1000);
    expect(nextDelay(1000, 0.1, () => 0.999999)).toBe(1100);
    expect(nextDelay(1000, 0, () => 0)).toBe(1000);
  });
});

describe('startPoller', () => {
  it('ticks repeatedly, never two at once, and logs a failing tick instead of stopping', async () => {
    const { errors, logger } = quiet();
    let inFlight = 0;
    let most = 0;
    let ticks = 0;
    const poller = startPoller({
      name: 'probe',
      intervalMs: 5,
      initialDelayMs: 0,
      logger,
      tick: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        ticks++;
        await sleep(15);
        inFlight--;
        if (ticks === 2) throw new Error('boom');
      },
    });
    await sleep(150);
    await poller.stop();
    expect(ticks).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    expect(errors).toEqual(['probe failed; retrying next tick']);
  });

  it('stop() waits for the tick in flight and no tick starts after it', async () => {
    const { logger } = quiet();
    let finished = false;
    let started = 0;
    const poller = startPoller({
      name: 'slow',
      intervalMs: 1,
      initialDelayMs: 0,
      logger,
      tick: async () => {
        started++;
        await sleep(50);
        finished = true;
      },
    });
    await sleep(10);
    await poller.stop();
    expect(finished).toBe(true);
    const after = started;
    await sleep(30);
    expect(started).toBe(after);
  });

  it('with drain, runs again at once while a tick finds work', async () => {
    const { logger } = quiet();
    const backlog = [3, 2, 1, 0];
    const times: number[] = [];
    const poller = startPoller({
      name: 'drain',
      intervalMs: 10_000,
      initialDelayMs: 0,
      drain: true,
      logger,
      tick: async () => {
        times.push(Date.now());
        return backlog.shift() ?? 0;
      },
    });
    await sleep(100);
    await poller.stop();
    expect(times).toHaveLength(4);
  });

  it('stops by itself on an error isFatal recognises, without logging it', async () => {
    const { errors, logger } = quiet();
    let ticks = 0;
    const poller = startPoller({
      name: 'crash',
      intervalMs: 1,
      initialDelayMs: 0,
      logger,
      isFatal: (err) => (err as Error).message === 'crash',
      tick: async () => {
        ticks++;
        throw new Error('crash');
      },
    });
    await sleep(40);
    expect(ticks).toBe(1);
    expect(errors).toEqual([]);
    await poller.stop();
  });
});

describe('startHeartbeat', () => {
  it('beats on its cadence while a beat is slow, reports a failed beat, and stops', async () => {
    let started = 0;
    const failures: unknown[] = [];
    const stop = startHeartbeat({
      everyMs: 10,
      beat: async () => {
        started += 1;
        if (started === 2) throw new Error('renewal failed');
        await sleep(200);
      },
      onError: (err) => failures.push(err),
    });
    await sleep(120);
    stop();
    // A poller would have started one beat and waited for it; the heartbeat kept its cadence.
    expect(started).toBeGreaterThanOrEqual(5);
    expect(failures).toEqual([new Error('renewal failed')]);
    const after = started;
    await sleep(50);
    expect(started).toBe(after);
  });
});
