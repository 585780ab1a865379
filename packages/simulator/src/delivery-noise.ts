import { eventTypeByName } from '@forewarn/contracts';
import type { Defect, SimEvent, SimMalformed } from './emissions.js';
import type { Rng } from './prng.js';
import { MINUTE } from './time.js';

/** Events a late redelivery cannot confuse: an in-transit scan overtaken by the next scan, a wave overtaken by its pick. */
const reorderable = (e: SimEvent) =>
  (e.event.type === 'carrier.tracking.scanned' && e.event.payload.status === 'in_transit') ||
  e.event.type === 'wms.wave.released';

/** Sends a share of events after the next event with the same topic and key. */
export function reorder(rng: Rng, events: SimEvent[], share: number): number {
  const next = new Map<SimEvent, SimEvent>();
  const lastByKey = new Map<string, SimEvent>();
  for (const e of [...events].sort((a, b) => a.emitAt - b.emitAt || a.seq - b.seq)) {
    const k = `${e.topic}|${e.key}`;
    const prev = lastByKey.get(k);
    if (prev) next.set(prev, e);
    lastByKey.set(k, e);
  }
  const candidates = events.filter(
    (e) => reorderable(e) && e.delivery === 'original' && next.has(e),
  );
  const n = Math.min(candidates.length, Math.round(share * events.length));
  const chosen = rng.shuffle(candidates).slice(0, n);
  // Walk latest first so a moved event is never moved again by an earlier one.
  for (const e of chosen.sort((a, b) => b.emitAt - a.emitAt)) {
    const after = next.get(e) as SimEvent;
    e.emitAt = after.emitAt + rng.between(1_000, 5 * MINUTE);
    e.delivery = 'reordered';
  }
  return chosen.length;
}

/** Sends a share of events a second time: same eventId, same content, a little later. */
export function duplicate(
  rng: Rng,
  events: SimEvent[],
  share: number,
  firstSeq: number,
): SimEvent[] {
  const n = Math.round(share * events.length);
  return rng
    .shuffle(events)
    .slice(0, n)
    .map((e, i) => ({
      ...e,
      seq: firstSeq + i,
      emitAt: e.emitAt + rng.between(1_000, 20 * MINUTE),
      delivery: 'duplicate' as const,
    }));
}

const DEFECTS: readonly Defect[] = ['bad_json', 'invalid_values', 'unknown_schema_id'];
const UNKNOWN_SCHEMA_ID = 9_999;

function framed(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** Messages the contract must reject, sent on the topics and keys real events use. */
export function malform(
  rng: Rng,
  events: SimEvent[],
  share: number,
  firstSeq: number,
): SimMalformed[] {
  const n = Math.round(share * events.length);
  return rng
    .shuffle(events)
    .slice(0, n)
    .map((e, i) => {
      const defect = DEFECTS[i % DEFECTS.length] as Defect;
      const eventType = eventTypeByName(e.event.type);
      if (!eventType) throw new Error(`unknown type ${e.event.type}`);
      const text = JSON.stringify(e.event);
      const common = {
        kind: 'malformed' as const,
        seq: firstSeq + i,
        emitAt: e.emitAt + rng.between(1_000, 10 * MINUTE),
        topic: e.topic,
        key: e.key,
        sourceSystem: e.event.sourceSystem,
        eventType: e.event.type,
        ...(e.event.refs.orderId ? { orderId: e.event.refs.orderId } : {}),
        defect,
      };
      if (defect === 'bad_json') {
        const cut = text.slice(0, rng.int(10, Math.max(11, text.length - 5)));
        return { ...common, value: Buffer.from(cut), json: cut };
      }
      if (defect === 'invalid_values') {
        // Avro accepts any string here; the contract does not: occurredAt must be an instant.
        const bad = {
          ...(eventType.zod.parse(e.event) as object),
          occurredAt: 'yesterday afternoon',
        };
        return {
          ...common,
          value: framed(eventType.schemaId, eventType.avro.toBuffer(bad)),
          json: JSON.stringify({ ...e.event, occurredAt: 20250310, schemaVersion: 'one' }),
        };
      }
      return {
        ...common,
        value: framed(UNKNOWN_SCHEMA_ID, eventType.avro.toBuffer(eventType.zod.parse(e.event))),
        json: JSON.stringify({ ...e.event, type: `${e.event.type}.unknown` }),
      };
    });
}
