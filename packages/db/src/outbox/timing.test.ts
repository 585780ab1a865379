import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWaker } from './timing.js';

describe('createWaker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settled = (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    return () => done;
  };

  it('sleeps for the given time when nobody wakes it', async () => {
    const isDone = settled(createWaker().wait(1_000));
    await vi.advanceTimersByTimeAsync(999);
    expect(isDone()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(isDone()).toBe(true);
  });

  it('ends the sleep early on wake()', async () => {
    const waker = createWaker();
    const isDone = settled(waker.wait(60_000));
    await vi.advanceTimersByTimeAsync(10);
    waker.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(isDone()).toBe(true);
  });

  it('remembers a wake() that came before the wait, once', async () => {
    const waker = createWaker();
    waker.wake();
    const first = settled(waker.wait(60_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(first()).toBe(true);
    const second = settled(waker.wait(60_000));
    await vi.advanceTimersByTimeAsync(10);
    expect(second()).toBe(false);
  });
});
