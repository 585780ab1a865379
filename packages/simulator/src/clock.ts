/**
 * Compressed time shared by the simulator and the services. Sim time runs `speed` times faster
 * than wall time from an anchor: at wall instant `anchor` the sim clock reads `start`. A service
 * that judges absence rules (late shipment, stalled parcel, silent feed) must read the same clock
 * the simulator publishes with, so both take the same three values (see clockFromEnv).
 */
export interface SimClock {
  /** Sim instant at the anchor, epoch ms. */
  readonly start: number;
  /** Sim ms per wall ms; 1 is real time, 720 is a day in two minutes. */
  readonly speed: number;
  /** Wall instant, epoch ms, at which sim time equals `start`. */
  readonly anchor: number;
  /** Sim instant, epoch ms, at which the day ends and the clock stops (Infinity: never). */
  readonly end: number;
  /** The current sim instant (never past `end`). */
  now(): Date;
  nowMs(): number;
  /** Wall instant at which a sim instant happens. */
  toWall(simMs: number): number;
  toSim(wallMs: number): number;
}

export interface SimClockOptions {
  start: string | number | Date;
  speed?: number;
  /** Defaults to the wall time when the clock is created. */
  anchor?: string | number | Date;
  /** Where the simulated day ends: the clock stops there (see CLOCK_SIM_END). */
  end?: string | number | Date;
  /** Wall clock, injected for tests. */
  wallNow?: () => number;
}

const toMs = (t: string | number | Date): number => {
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(t)}`);
  return ms;
};

export function createSimClock(opts: SimClockOptions): SimClock {
  const wallNow = opts.wallNow ?? Date.now;
  const start = toMs(opts.start);
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be > 0: ${speed}`);
  const anchor = opts.anchor === undefined ? wallNow() : toMs(opts.anchor);
  const end = opts.end === undefined ? Infinity : toMs(opts.end);
  const toSim = (wallMs: number) => start + (wallMs - anchor) * speed;
  // The same rule as @forewarn/runtime's createClock, which the services read: stopped at the end.
  const nowMs = () => Math.min(end, toSim(wallNow()));
  return {
    start,
    speed,
    anchor,
    end,
    now: () => new Date(nowMs()),
    nowMs,
    toWall: (simMs) => anchor + (simMs - start) / speed,
    toSim,
  };
}

/**
 * The environment variables that carry the shared clock to every process. They are the ones
 * @forewarn/runtime's startService already reads (CLOCK_SIM_ANCHOR, CLOCK_SPEED,
 * CLOCK_WALL_ANCHOR_MS), so a service needs no code to follow the simulator's time.
 */
export const CLOCK_ENV = {
  start: 'CLOCK_SIM_ANCHOR',
  speed: 'CLOCK_SPEED',
  anchor: 'CLOCK_WALL_ANCHOR_MS',
  end: 'CLOCK_SIM_END',
} as const;

/** Accepted as aliases, for scripts that prefer the product prefix. */
export const CLOCK_ENV_ALIASES = {
  start: 'FOREWARN_CLOCK_START',
  speed: 'FOREWARN_CLOCK_SPEED',
  anchor: 'FOREWARN_CLOCK_ANCHOR',
  end: 'FOREWARN_CLOCK_END',
} as const;

export type ClockVariable = keyof typeof CLOCK_ENV;

/** The value of one clock variable, by its runtime name or its alias. */
export function clockVariable(
  env: Record<string, string | undefined>,
  name: ClockVariable,
): string | undefined {
  const value = env[CLOCK_ENV[name]] ?? env[CLOCK_ENV_ALIASES[name]];
  return value === '' ? undefined : value;
}

/**
 * The shared clock from the environment: sim start (ISO), speed, and the wall anchor (epoch ms
 * or ISO); undefined when no start is set, so a caller falls back to its real clock.
 */
export function clockFromEnv(
  env: Record<string, string | undefined>,
  wallNow?: () => number,
): SimClock | undefined {
  const start = clockVariable(env, 'start');
  if (!start) return undefined;
  const speedText = clockVariable(env, 'speed');
  const anchorText = clockVariable(env, 'anchor');
  const end = clockVariable(env, 'end');
  const anchor =
    anchorText === undefined
      ? undefined
      : /^\d+$/.test(anchorText)
        ? Number(anchorText)
        : anchorText;
  return createSimClock({
    start,
    speed: speedText ? Number(speedText) : 1,
    ...(anchor === undefined ? {} : { anchor }),
    ...(end === undefined ? {} : { end }),
    ...(wallNow ? { wallNow } : {}),
  });
}

/** The variables to hand to a service (startService reads them) so it shares this clock. */
export function clockEnv(clock: SimClock): Record<string, string> {
  return {
    [CLOCK_ENV.start]: new Date(clock.start).toISOString(),
    [CLOCK_ENV.speed]: String(clock.speed),
    [CLOCK_ENV.anchor]: String(Math.round(clock.anchor)),
    ...(Number.isFinite(clock.end) ? { [CLOCK_ENV.end]: new Date(clock.end).toISOString() } : {}),
  };
}
