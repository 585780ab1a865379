import type { ForewarnEvent } from '@forewarn/contracts';
import { claimEvents, withTransaction } from '@forewarn/db';
import type { ConsumedMessage } from '@forewarn/kafka';
import { progressOf, recordProgress } from '@forewarn/runtime';
import type pg from 'pg';
import { isKnown, plannedEvents, type DecidedEvent } from '../domain/emissions.js';
import { fold } from '../domain/evolve.js';
import {
  decideCarrierEvent,
  decideConfirm,
  emptyCursor,
  type ParcelCursor,
} from '../domain/intents.js';
import { closedSilences, openSilence, type SilencePolicy } from '../domain/silence.js';
import { HANDLED_TYPES, type ShipmentSourceEvent } from '../domain/types.js';
import { emitOnce } from '../db/emitted.js';
import {
  confirmedShipments,
  insertEvents,
  loadShipmentEvents,
  type EventRow,
} from '../db/event-store.js';
import { lockKeys, type Queryable } from '../db/queryable.js';
import { upsertShipments } from '../db/shipments-write.js';
import { setTimers } from '../db/timers.js';
import {
  linkTrackingNumbers,
  loadCursors,
  saveCursors,
  shipmentsOfTrackingNumbers,
} from '../db/tracking.js';

export const CONSUMER = 'shipment';

export interface IngestDeps {
  pool: pg.Pool;
  policy: SilencePolicy;
  now: () => Date;
  /** When a source sent a message, on the shared clock (`sentAtOf` of @forewarn/runtime). */
  sentAt: (msg: ConsumedMessage<ForewarnEvent>) => Date;
}

type Accepted = { event: ShipmentSourceEvent; msg: ConsumedMessage<ForewarnEvent> };

const trackingNumberOf = (e: ShipmentSourceEvent) =>
  e.type === 'wms.shipment.confirmed' ? null : e.payload.trackingNumber;

/** Decides each new event in arrival order against what arrived before it for the same key. */
async function decide(client: Queryable, accepted: readonly Accepted[]): Promise<EventRow[]> {
  const tns = [...new Set(accepted.flatMap(({ event }) => trackingNumberOf(event) ?? []))];
  const cursors = await loadCursors(client, tns);
  const confirmIds = accepted.flatMap(({ event: e }) =>
    e.type === 'wms.shipment.confirmed' ? [e.payload.shipmentId] : [],
  );
  const confirmed = await confirmedShipments(client, confirmIds);
  const changed = new Map<string, ParcelCursor>();
  const rows = accepted.map(({ event: e, msg }): EventRow => {
    const at = { topic: msg.topic, partition: msg.partition, offset: msg.offset };
    if (e.type === 'wms.shipment.confirmed') {
      const intents = decideConfirm(confirmed.has(e.payload.shipmentId));
      confirmed.add(e.payload.shipmentId);
      return { ...at, event: e, shipmentId: e.payload.shipmentId, trackingNumber: null, intents };
    }
    const tn = e.payload.trackingNumber;
    const { cursor, intents } = decideCarrierEvent(cursors.get(tn) ?? emptyCursor(tn), e);
    cursors.set(tn, cursor);
    changed.set(tn, cursor);
    return { ...at, event: e, shipmentId: null, trackingNumber: tn, intents };
  });
  await saveCursors(client, [...changed.values()]);
  return rows;
}

/** Folds the touched shipments, writes them, emits what they call for and re-arms their timers. */
async function project(
  client: Queryable,
  shipmentIds: readonly string[],
  policy: SilencePolicy,
  now: Date,
): Promise<void> {
  const histories = await loadShipmentEvents(client, shipmentIds);
  const states = [...histories].map(([id, decided]) => ({
    state: fold(
      id,
      decided.map((d) => d.event),
    ),
    decided,
  }));
  await upsertShipments(
    client,
    states.map((s) => s.state),
  );
  const planned = states.flatMap(
    ({ state, decided }: { state: ReturnType<typeof fold>; decided: DecidedEvent[] }) =>
      plannedEvents(state, decided, closedSilences(state, policy, now)),
  );
  await emitOnce(client, planned);
  await setTimers(
    client,
    states
      .filter(({ state }) => isKnown(state))
      .map(({ state }) => ({ shipmentId: state.shipmentId, silence: openSilence(state, policy) })),
  );
}

/**
 * The batch handler: inbox, event store, cursors, read model, outbox and timers in one
 * transaction, with a fixed number of statements whatever the batch size.
 */
export function createIngest({ pool, policy, now, sentAt }: IngestDeps) {
  return async (msgs: ConsumedMessage<ForewarnEvent>[]): Promise<void> => {
    // How far each source partition is applied, with its latest send, written with what the
    // batch applied: the no-scan timers wait for it (the source watermark).
    const progress = progressOf(msgs, (i) => sentAt(msgs[i]!));
    // The source topics also carry types this service does not fold (waves, picks…).
    const candidates = msgs.flatMap((msg) =>
      HANDLED_TYPES.has(msg.value.type) ? [{ event: msg.value as ShipmentSourceEvent, msg }] : [],
    );
    if (candidates.length === 0) return recordProgress(pool, progress);
    await withTransaction(pool, async (client) => {
      const tns = candidates.flatMap(({ event: e }) =>
        e.type === 'wms.shipment.confirmed'
          ? e.payload.trackingNumbers
          : [e.payload.trackingNumber],
      );
      // A confirm and a scan of the same parcel may be handled by two partitions at once; the
      // lock makes the second wait and then see the first, so neither misses the other.
      await lockKeys(
        client,
        tns.map((tn) => `shipment-tn:${tn}`),
      );
      const claimed = new Set(
        await claimEvents(
          client,
          CONSUMER,
          candidates.map((c) => c.event),
        ),
      );
      await recordProgress(client, progress);
      const accepted = candidates.filter((c) => claimed.delete(c.event));
      if (accepted.length === 0) return;
      const rows = await decide(client, accepted);
      await insertEvents(client, rows);
      await linkTrackingNumbers(
        client,
        accepted.flatMap(({ event: e }) =>
          e.type === 'wms.shipment.confirmed'
            ? e.payload.trackingNumbers.map((trackingNumber) => ({
                trackingNumber,
                shipmentId: e.payload.shipmentId,
              }))
            : [],
        ),
      );
      const touched = new Set(rows.flatMap((r) => (r.shipmentId ? [r.shipmentId] : [])));
      for (const id of await shipmentsOfTrackingNumbers(
        client,
        rows.flatMap((r) => r.trackingNumber ?? []),
      ))
        touched.add(id);
      // Two parcels of one shipment are two keys, so two partitions may fold the same shipment
      // at once; without this lock the later upsert drops the other's event (a lost delivery).
      // Taken after the tracking-number locks and never before them, so no cycle can form; the
      // fold below reads after it, so it sees what the other transaction committed.
      await lockKeys(
        client,
        [...touched].map((id) => `shipment:${id}`),
      );
      await project(client, [...touched].sort(), policy, now());
    });
  };
}
