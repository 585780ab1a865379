import type { ClockEnv } from '../clock.js';

/** Header in which a sender states when it sent a message (epoch ms, on its own clock). */
export const SENT_AT_HEADER = 'forewarn-sent-at';

type Clock = Pick<ClockEnv, 'CLOCK_SIM_ANCHOR' | 'CLOCK_WALL_ANCHOR_MS' | 'CLOCK_SPEED'>;

/**
 * When a source sent a message, on the shared clock: the sender's own statement (replays and
 * the simulator send on a clock of their own and say so), else the Kafka create time read on
 * the shared clock, never after we read it. Absence timers are judged on these times, so
 * consumer lag and the order partitions are read in cannot move them.
 */
export function sentAtOf(
  clock: Clock,
  msg: { headers: Record<string, string>; timestamp: number },
  now: Date,
): Date {
  const stated = Number(msg.headers[SENT_AT_HEADER]);
  if (Number.isFinite(stated) && stated > 0) return new Date(stated);
  return writtenAtOf(clock, msg, now);
}

/**
 * When a message was written to its topic (the Kafka create time), on the shared clock, never
 * after we read it: with its send time, how long the feed's messages take to reach the topic.
 */
export function writtenAtOf(clock: Clock, msg: { timestamp: number }, now: Date): Date {
  const at =
    clock.CLOCK_SIM_ANCHOR && clock.CLOCK_WALL_ANCHOR_MS !== undefined
      ? Date.parse(clock.CLOCK_SIM_ANCHOR) +
        (msg.timestamp - clock.CLOCK_WALL_ANCHOR_MS) * clock.CLOCK_SPEED
      : msg.timestamp;
  return new Date(Math.min(at, now.getTime()));
}
