import { z } from 'zod';

/**
 * Optional compressed time for demos and simulations: every process given the same anchor
 * agrees on "now" = simAnchor + (wall - wallAnchor) × speed. Without the variables, wall time.
 */
export const clockEnv = z.object({
  /** Simulated instant (ISO 8601 with offset) that CLOCK_WALL_ANCHOR_MS stands for; unset for wall time. */
  CLOCK_SIM_ANCHOR: z.iso.datetime({ offset: true }).optional(),
  /** Wall-clock epoch milliseconds at which the simulated clock read CLOCK_SIM_ANCHOR. */
  CLOCK_WALL_ANCHOR_MS: z.coerce.number().int().positive().optional(),
  /** Simulated seconds per wall second once anchored (1: real time). */
  CLOCK_SPEED: z.coerce.number().positive().default(1),
  /**
   * Instant (ISO 8601 with offset) at which a simulated day ends: the clock stops there, so no
   * timer due later ever fires and a stack left running after a demo keeps the day's figures.
   * Unset: the clock runs on.
   */
  CLOCK_SIM_END: z.iso.datetime({ offset: true }).optional(),
});

export type ClockEnv = z.infer<typeof clockEnv>;

export function createClock(env: ClockEnv, wallNow: () => number = Date.now): () => Date {
  const end = env.CLOCK_SIM_END ? Date.parse(env.CLOCK_SIM_END) : Infinity;
  if (!env.CLOCK_SIM_ANCHOR && env.CLOCK_SPEED === 1 && end === Infinity)
    return () => new Date(wallNow());
  const simAnchor = env.CLOCK_SIM_ANCHOR ? Date.parse(env.CLOCK_SIM_ANCHOR) : wallNow();
  const wallAnchor = env.CLOCK_WALL_ANCHOR_MS ?? wallNow();
  const speed = env.CLOCK_SPEED;
  // Stopped rather than slowed to wall time: at 1× the SLA clocks of the cases still open, and
  // the rolling windows, would keep moving, and the console would drift from the day's summary.
  return () => new Date(Math.min(end, simAnchor + (wallNow() - wallAnchor) * speed));
}
