import type { Kafka } from 'kafkajs';
import { readToEnd } from './read-topics.js';

export interface Ceiling {
  messages: number;
  passes: number;
  /** Reading time after each pass's first batch, summed. */
  seconds: number;
  eventsPerSecond: number;
  /** Group join and first fetch of the first pass. */
  joinSeconds: number;
}

/**
 * The broker's read ceiling for these topics on this machine: a bare consumer reads them to the
 * end, again in a fresh group until at least `minSeconds` of reading are measured (one pass
 * of a small day is too short to time).
 */
export async function measureCeiling(
  kafka: Kafka,
  topics: readonly string[],
  minSeconds = 3,
  maxPasses = 10,
): Promise<Ceiling> {
  let messages = 0;
  let ms = 0;
  let passes = 0;
  let joinSeconds = 0;
  while (passes < maxPasses && ms < minSeconds * 1000) {
    const r = await readToEnd(kafka, topics);
    if (r.messages === 0) break;
    if (passes === 0) joinSeconds = (r.firstBatchAt - r.startedAt) / 1000;
    passes++;
    messages += r.messages;
    ms += r.endedAt - r.firstBatchAt;
  }
  const seconds = ms / 1000;
  return {
    messages,
    passes,
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(messages / seconds) : 0,
    joinSeconds,
  };
}
