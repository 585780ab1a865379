import type { IngestionDoorsOptions } from './door-client.js';
import { doorOf, type Door } from './doors.js';
import type { OutgoingSimMessage } from './messages.js';

/** How far apart (sim ms) the ticks a source's pending messages came from may be to share a request. */
const COALESCE_SIM_MS = 3 * 60_000;

type DoorSend = (
  door: Exclude<Door, 'kafka'>,
  messages: readonly OutgoingSimMessage[],
  at: number,
) => Promise<void>;

/**
 * One worker per source, sources in parallel: a source's requests go in order, and what piles up
 * while one is in flight leaves together in the next (a VAN sends what has accumulated), so a
 * busy source sends fewer, larger requests instead of falling behind. Kafka never waits for it.
 * The first failure stops publishing.
 */
export function sourceQueues(send: DoorSend) {
  const pending = new Map<
    string,
    { door: Exclude<Door, 'kafka'>; list: OutgoingSimMessage[]; at: number }[]
  >();
  const running = new Map<string, Promise<void>>();
  let failure: unknown;
  const work = async (source: string) => {
    for (;;) {
      const queued = pending.get(source) ?? [];
      if (queued.length === 0 || failure !== undefined) return;
      // What piled up within a few sim minutes of the oldest leaves together; later ticks wait
      // for the next request, so a stated send time is never far from the messages' own.
      const first = queued[0]!.at;
      const cut = queued.findIndex((x) => x.at - first > COALESCE_SIM_MS);
      const items = cut < 0 ? queued : queued.slice(0, cut);
      pending.set(source, cut < 0 ? [] : queued.slice(cut));
      // A carrier's statuses before its proofs of delivery, which follow them.
      for (const door of ['edi', 'webhook', 'events'] as const) {
        const mine = items.filter((x) => x.door === door);
        if (mine.length === 0) continue;
        await send(
          door,
          mine.flatMap((x) => x.list),
          Math.max(...mine.map((x) => x.at)),
        );
      }
    }
  };
  return {
    enqueue(source: string, door: Exclude<Door, 'kafka'>, list: OutgoingSimMessage[], at: number) {
      pending.set(source, [...(pending.get(source) ?? []), { door, list, at }]);
      if (running.has(source)) return;
      running.set(
        source,
        work(source)
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => running.delete(source)),
      );
    },
    check() {
      if (failure !== undefined) throw failure;
    },
    async drain() {
      while (running.size > 0) await Promise.all(running.values());
      this.check();
    },
  };
}

export function bySourceAndDoor(byDoor: Map<Door, OutgoingSimMessage[]>) {
  const out = new Map<string, Map<Door, OutgoingSimMessage[]>>();
  for (const [door, list] of byDoor) {
    if (door === 'kafka') continue;
    for (const m of list) {
      const doors = out.get(m.sourceSystem) ?? new Map<Door, OutgoingSimMessage[]>();
      out.set(m.sourceSystem, doors);
      const mine = doors.get(door);
      if (mine) mine.push(m);
      else doors.set(door, [m]);
    }
  }
  return out;
}

export function routeByDoor(
  due: readonly OutgoingSimMessage[],
  doors: IngestionDoorsOptions,
): Map<Door, OutgoingSimMessage[]> {
  const out = new Map<Door, OutgoingSimMessage[]>();
  for (const m of due) {
    const door = doorOf(m, doors.plan);
    const list = out.get(door);
    if (list) list.push(m);
    else out.set(door, [m]);
  }
  return out;
}
