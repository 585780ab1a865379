import type { IngestionDoorsOptions } from './door-client.js';
import { doorOf, type Door } from './doors.js';
import type { OutgoingSimMessage } from './messages.js';

type DoorSend = (
  door: Exclude<Door, 'kafka'>,
  messages: readonly OutgoingSimMessage[],
  at: number,
) => Promise<void>;

/**
 * One worker per source, sources in parallel: a source's requests go in order, and what piles up
 * for one send time while a request is in flight leaves together in the next. A request states
 * one send time, so messages due at different times never share one: stating a message as sent
 * when a later one was due would move its send time by however far the publisher had fallen
 * behind (the machine's load), and the detector judges a feed's silences on those times, so the
 * same seed would show different stalls from run to run. Kafka never waits for it. The first
 * failure stops publishing.
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
      // What piled up for the oldest send time leaves together; later ones wait for their own
      // request, so a stated send time is always the messages' own.
      const first = queued[0]!.at;
      const cut = queued.findIndex((x) => x.at !== first);
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

/**
 * A source's messages of one door by the send time each is stated with (its own due time, never
 * before `notBefore`), in time order: the publisher's batches span however long it was busy, and
 * one request per batch would state every message with the batch's latest time.
 */
export function byStatedTime(
  list: readonly OutgoingSimMessage[],
  notBefore: number,
): [number, OutgoingSimMessage[]][] {
  const out = new Map<number, OutgoingSimMessage[]>();
  for (const m of list) {
    const at = Math.max(m.emitAt, notBefore);
    const group = out.get(at);
    if (group) group.push(m);
    else out.set(at, [m]);
  }
  return [...out].sort(([a], [b]) => a - b);
}
