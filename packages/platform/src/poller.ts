/** What a poller needs of a logger: it reports a failed tick and carries on. */
export interface PollerLogger {
  error(obj: object, msg: string): void;
}

export interface PollerOptions {
  /** Names the work in logs ("CRM sync run"). */
  name: string;
  intervalMs: number;
  /**
   * Spread each wait by up to this fraction of the interval (0.1: ±10%) so instances started
   * together do not poll the database in lockstep. 0 waits exactly the interval.
   */
  jitter?: number;
  /** Wait before the first tick; defaults to one interval. */
  initialDelayMs?: number;
  /**
   * One pass of work. Returns how much it did: with `drain`, a tick that did some work is
   * followed at once by another, so a backlog is worked through without waiting.
   */
  tick: () => Promise<number | void>;
  drain?: boolean;
  logger: PollerLogger;
  /** An error this says is fatal stops the poller instead of being logged (tests' crashes). */
  isFatal?: (err: unknown) => boolean;
  random?: () => number;
}

export interface Poller {
  /**
   * Runs the next tick now rather than at the end of the wait; during a tick, right after it
   * (that tick may have looked before the work it is woken for was committed). For whoever
   * commits work the poller takes: it need not wait a poll to find it.
   */
  wake(): void;
  /** Stops scheduling and waits for the tick in flight, if any. */
  stop(): Promise<void>;
}

/** The wait before the next tick: the interval, spread by the jitter. */
export function nextDelay(intervalMs: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * random() - 1))));
}

/**
 * Runs `tick` again and again, one at a time: a slow tick (a backlog, a CRM timing out) is not
 * queued behind, the next wait starts when it ends. A failing tick is logged, never thrown, and
 * the next one runs as usual. A wake during a tick that fails does not cut the wait after it, so
 * a database failing mid-pass is not hammered; a later wake (new work committed) does.
 */
export function startPoller(opts: PollerOptions): Poller {
  const random = opts.random ?? Math.random;
  const jitter = opts.jitter ?? 0.1;
  let stopped = false;
  let ticking = false;
  let wokenDuringTick = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = run();
    }, ms);
    timer.unref();
  };
  const run = async () => {
    ticking = true;
    wokenDuringTick = false;
    let delay = nextDelay(opts.intervalMs, jitter, random);
    try {
      const done = await opts.tick();
      if (opts.drain && typeof done === 'number' && done > 0) delay = 0;
      if (wokenDuringTick) delay = 0;
    } catch (err) {
      if (opts.isFatal?.(err)) {
        stopped = true;
        return;
      }
      opts.logger.error({ err }, `${opts.name} failed; retrying next tick`);
    } finally {
      ticking = false;
    }
    schedule(delay);
  };
  schedule(opts.initialDelayMs ?? nextDelay(opts.intervalMs, jitter, random));

  return {
    wake() {
      if (stopped) return;
      if (ticking) wokenDuringTick = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export interface HeartbeatOptions {
  everyMs: number;
  /** One beat; its failure goes to onError and the next beat comes on time. */
  beat: () => Promise<unknown>;
  onError: (err: unknown) => void;
}

/**
 * Runs `beat` every `everyMs` on a fixed cadence, for deadlines a beat must keep (a lease's
 * renewal): unlike a poller's tick, a beat does not wait for the one before it, so one slow beat
 * never pushes the next past the deadline. Returns the stop.
 */
export function startHeartbeat(opts: HeartbeatOptions): () => void {
  const timer = setInterval(() => {
    opts.beat().catch(opts.onError);
  }, opts.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
