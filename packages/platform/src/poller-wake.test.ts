import { describe, expect, it } from 'vitest';
import { startPoller, type PollerOptions } from './poller.js';

/** A draining poller that ticks at once: the delivery worker's shape. */
const startWakeableLoop = (o: Omit<PollerOptions, 'drain' | 'initialDelayMs'>) =>
  startPoller({ drain: true, initialDelayMs: 0, ...o });

const HOUR = 3_600_000;
const settle = () => new Promise((r) => setTimeout(r, 20));
const quiet = { error: () => undefined };

/** A tick whose passes are counted and that ends when the test says so. */
function gatedTick(results: (number | Error)[] = []) {
  let passes = 0;
  let open: (() => void) | undefined;
  return {
    get passes() {
      return passes;
    },
    release: () => open?.(),
    tick: async () => {
      passes += 1;
      await new Promise<void>((r) => (open = r));
      const r = results.shift() ?? 0;
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

/** A loop on a gated tick that polls once an hour: any second tick within the test was asked for. */
async function hourly(results?: (number | Error)[]) {
  const t = gatedTick(results);
  const loop = startWakeableLoop({ name: 't', intervalMs: HOUR, tick: t.tick, logger: quiet });
  await settle();
  return { t, loop };
}

/** Ends the tick in flight and says how many ticks have run once things settled. */
async function releaseAndCount(t: ReturnType<typeof gatedTick>) {
  t.release();
  await settle();
  return t.passes;
}

describe('startPoller: wake', () => {
  it('ticks at start, then waits its interval until woken', async () => {
    const { t, loop } = await hourly();
    expect(t.passes).toBe(1);
    expect(await releaseAndCount(t)).toBe(1);
    loop.wake();
    await settle();
    expect(t.passes).toBe(2);
    t.release();
    await loop.stop();
  });

  it('a wake during a tick is not lost: another tick follows at once', async () => {
    const { t, loop } = await hourly();
    loop.wake();
    expect(await releaseAndCount(t)).toBe(2);
    expect(await releaseAndCount(t)).toBe(2);
    await loop.stop();
  });

  it('drains: a tick that did work is followed by another without a wake', async () => {
    const { t, loop } = await hourly([3, 0]);
    expect(await releaseAndCount(t)).toBe(2);
    expect(await releaseAndCount(t)).toBe(2);
    await loop.stop();
  });

  it('after a failed tick it waits the interval even when woken meanwhile', async () => {
    const errors: unknown[] = [];
    const t = gatedTick([new Error('database away')]);
    const loop = startWakeableLoop({
      name: 't',
      intervalMs: HOUR,
      tick: t.tick,
      logger: { error: (o) => errors.push(o) },
    });
    await settle();
    loop.wake();
    t.release();
    await settle();
    expect(t.passes).toBe(1);
    expect(errors).toHaveLength(1);
    await loop.stop();
  });

  it('stop waits for the tick in flight, and a fatal error or a wake after it starts nothing', async () => {
    const t = gatedTick();
    const loop = startWakeableLoop({ name: 't', intervalMs: 1, tick: t.tick, logger: quiet });
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    t.release();
    await stopping;
    loop.wake();
    await settle();
    expect(t.passes).toBe(1);

    const fatal = gatedTick([Object.assign(new Error('crash'), { fatal: true })]);
    const dead = startWakeableLoop({
      name: 't',
      intervalMs: 1,
      tick: fatal.tick,
      logger: quiet,
      isFatal: (err) => (err as { fatal?: boolean }).fatal === true,
    });
    await settle();
    fatal.release();
    await settle();
    dead.wake();
    await settle();
    expect(fatal.passes).toBe(1);
  });
});
