import { nextDelay, type PollerLogger } from '@forewarn/runtime/platform';

export interface WakeableLoop {
  /** Runs the next tick now rather than at the end of the wait; during a tick, right after it. */
  wake(): void;
  /** Stops scheduling and waits for the tick in flight, if any. */
  stop(): Promise<void>;
}

export interface WakeableLoopOptions {
  name: string;
  /** The wait after a tick that found nothing, spread by ±10 % (instances do not poll in step). */
  intervalMs: number;
  /** One pass; a pass that did some work (> 0) is followed by another at once. */
  tick: () => Promise<number | void>;
  logger: PollerLogger;
  /** An error this says is fatal stops the loop instead of being logged (tests' crashes). */
  isFatal?: (err: unknown) => boolean;
  random?: () => number;
}

/**
 * A poller that can be woken. The delivery worker polled every DELIVERY_POLL_MS (500 ms) when
 * idle, so a notice the consumer had just committed waited 250 ms on average for its claim, more
 * than its send and record together (issue 17); whoever commits due work now says so. A wake
 * that comes while a tick runs is not lost: that tick may have looked before the commit, so
 * another follows at once. A wake during a tick that fails does not cut the wait after it, so a
 * database that fails mid-pass is not hammered at once; a later wake (a commit: the database
 * answers again) does.
 */
export function startWakeableLoop(opts: WakeableLoopOptions): WakeableLoop {
  const random = opts.random ?? Math.random;
  let stopped = false;
  let ticking = false;
  let wokenDuringTick = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const runIn = (ms: number) => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = pass();
    }, ms);
    timer.unref();
  };

  async function pass(): Promise<void> {
    ticking = true;
    wokenDuringTick = false;
    let next = nextDelay(opts.intervalMs, 0.1, random);
    try {
      const did = await opts.tick();
      if ((typeof did === 'number' && did > 0) || wokenDuringTick) next = 0;
    } catch (err) {
      if (opts.isFatal?.(err)) {
        stopped = true;
        return;
      }
      opts.logger.error({ err }, `${opts.name} failed; retrying after the interval`);
    } finally {
      ticking = false;
    }
    runIn(next);
  }

  runIn(0);
  return {
    wake() {
      if (stopped) return;
      if (ticking) wokenDuringTick = true;
      else runIn(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
