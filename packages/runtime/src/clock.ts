import { z } from 'zod';

/**
 * Optional compressed time for demos and simulations: every process given the same anchor
 * agrees on "now" = simAnchor + (wall - wallAnchor) × speed. Without the variables, wall time.
 */
export const clockEnv = z.object({
  CLOCK_SIM_ANCHOR: z.iso.datetime({ offset: true }).optional(),
  CLOCK_WALL_ANCHOR_MS: z.coerce.number().int().positive().optional(),
  CLOCK_SPEED: z.coerce.number().positive().default(1),
});

export type ClockEnv = z.infer<typeof clockEnv>;

export function createClock(env: ClockEnv, wallNow: () => number = Date.now): () => Date {
  if (!env.CLOCK_SIM_ANCHOR && env.CLOCK_SPEED === 1) return () => new Date(wallNow());
  const simAnchor = env.CLOCK_SIM_ANCHOR ? Date.parse(env.CLOCK_SIM_ANCHOR) : wallNow();
  const wallAnchor = env.CLOCK_WALL_ANCHOR_MS ?? wallNow();
  const speed = env.CLOCK_SPEED;
  return () => new Date(simAnchor + (wallNow() - wallAnchor) * speed);
}
