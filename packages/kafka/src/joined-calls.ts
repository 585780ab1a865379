import type { BatchHandler, ConsumedMessage } from './message.js';

interface Call<T> {
  msgs: ConsumedMessage<T>[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The batch handler with the calls made in one turn of the event loop joined into one call.
 * kafkajs hands each partition's batch to a call of its own (partitionsConsumedConcurrently), so
 * a fetch of many partitions holding a few messages each was a transaction for each; the calls
 * its workers make together now share one. A joined call that fails is made again call by call,
 * so each caller sees what its own messages alone give: a poison message fails its own
 * partition's chunk only (to be replayed one message at a time there), a transient failure
 * each caller retries on its own schedule.
 */
export function joinedCalls<T>(handle: BatchHandler<T>): BatchHandler<T> {
  let waiting: Call<T>[] | null = null;
  const alone = (c: Call<T>) => handle(c.msgs).then(c.resolve, c.reject);
  const run = async (calls: Call<T>[]) => {
    if (calls.length === 1) return alone(calls[0]!);
    try {
      await handle(calls.flatMap((c) => c.msgs));
    } catch {
      await Promise.all(calls.map(alone));
      return;
    }
    for (const c of calls) c.resolve();
  };
  return (msgs) =>
    new Promise<void>((resolve, reject) => {
      if (!waiting) {
        const calls: Call<T>[] = [];
        waiting = calls;
        setImmediate(() => {
          waiting = null;
          void run(calls);
        });
      }
      waiting.push({ msgs, resolve, reject });
    });
}
