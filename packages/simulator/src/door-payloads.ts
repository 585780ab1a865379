import type { SourceEvent } from '@forewarn/contracts';
import { encode214, type MappingTables, type StatusEvent } from '@forewarn/edi';
import type { OutgoingSimMessage } from './messages.js';

/** One request's body for a door, and what it carries. */
export interface DoorRequest {
  body: string;
  /** Simulated messages it carries. */
  messages: number;
  /** Made to be refused (the door's documented rejection is expected). */
  malformed: boolean;
  /** X12 transaction sets in it (EDI only). */
  transactions?: number;
  /** When the source sends it: when the last message it carries was due (sim epoch ms). */
  sentAt: number;
}

const lastDue = (messages: readonly OutgoingSimMessage[]) =>
  Math.max(...messages.map((m) => m.emitAt));

const STATUS_TYPES = new Set(['carrier.tracking.scanned', 'carrier.eta.updated']);
const isStatus = (e: SourceEvent | undefined): e is StatusEvent =>
  e !== undefined && STATUS_TYPES.has(e.type);

/**
 * Messages in requests of about `size`, never splitting one subject's messages (a parcel's
 * statuses, an order's events) over two requests: a backlog arrives shipment by shipment, whole,
 * as it does on Kafka, instead of a parcel's early scans waiting a request for its delivery.
 */
export function packBySubject(
  messages: readonly OutgoingSimMessage[],
  subjectOf: (m: OutgoingSimMessage) => string,
  size: number,
): OutgoingSimMessage[][] {
  const groups = new Map<string, OutgoingSimMessage[]>();
  for (const m of messages) {
    const key = subjectOf(m);
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const out: OutgoingSimMessage[][] = [];
  let current: OutgoingSimMessage[] = [];
  for (const group of groups.values()) {
    if (current.length > 0 && current.length + group.length > size) {
      out.push(current);
      current = [];
    }
    current = current.concat(group);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const parcelOf = (m: OutgoingSimMessage) =>
  (m.event?.payload as { trackingNumber?: string } | undefined)?.trackingNumber ?? m.key;

/** A plausible status for a malformed message, whose own bytes may not even parse. */
export function standIn(m: OutgoingSimMessage, carrier: string): StatusEvent {
  const at = new Date(m.emitAt).toISOString();
  return {
    eventId: `malformed-${m.key}-${m.emitAt}`,
    type: 'carrier.tracking.scanned',
    schemaVersion: 1,
    sourceSystem: m.sourceSystem,
    occurredAt: at,
    refs: { trackingNumbers: [m.key] },
    payload: { trackingNumber: m.key, carrier, status: 'in_transit', scannedAt: at },
  } as StatusEvent;
}

function statusesOf(messages: readonly OutgoingSimMessage[]): StatusEvent[] {
  return messages.map((m) => {
    if (!isStatus(m.event)) throw new Error(`${m.eventType} cannot go through a carrier door`);
    return m.event;
  });
}

/**
 * A carrier's VAN drop: its valid statuses as 214 interchanges (at most `maxStatuses` each), and
 * every malformed message as a file of its own, so its rejection (the whole interchange is
 * refused) costs nothing else: truncated (no GE/IEA), an impossible AT7 date, or an unknown AT7
 * status code.
 */
export function ediRequests(
  messages: readonly OutgoingSimMessage[],
  tables: MappingTables,
  opts: { carrier: string; at: number; nextControlNumber: () => number; maxStatuses?: number },
): DoorRequest[] {
  const valid = messages.filter((m) => !m.malformed);
  const out: DoorRequest[] = packBySubject(valid, parcelOf, opts.maxStatuses ?? 500).map((list) => {
    const file = encode214(statusesOf(list), tables, {
      controlNumber: opts.nextControlNumber(),
      at: opts.at,
    });
    return {
      body: file.text,
      messages: list.length,
      malformed: false,
      transactions: file.transactions,
      sentAt: lastDue(list),
    };
  });
  for (const m of messages.filter((x) => x.malformed)) {
    const { text } = encode214([standIn(m, opts.carrier)], tables, {
      controlNumber: opts.nextControlNumber(),
      at: opts.at,
    });
    const body =
      m.defect === 'bad_json'
        ? text.slice(0, text.lastIndexOf('\nSE*')) // cut inside the set: a missing GE alone is only noted
        : m.defect === 'invalid_values'
          ? text.replace(/^(AT7\*[^*~]*\*[^*~]*\*[^*~]*\*[^*~]*\*)\d{8}/m, '$120251399')
          : text.replace(/^AT7\*[^*~]*/m, 'AT7*ZZ');
    out.push({ body, messages: 1, malformed: true, transactions: 1, sentAt: m.emitAt });
  }
  return out;
}

/**
 * Canonical JSON batches (`{ "events": [...] }`) of one source system: valid events in batches of
 * at most `maxEvents` (the edge refuses a batch whole, so a malformed event goes alone).
 */
export function eventsRequests(
  messages: readonly OutgoingSimMessage[],
  opts: { maxEvents?: number } = {},
): DoorRequest[] {
  const valid = messages.filter((m) => !m.malformed);
  const lists = packBySubject(valid, (m) => m.routeKey, opts.maxEvents ?? 500);
  const out: DoorRequest[] = lists.map((list) => ({
    body: `{"events":[${list.map((m) => m.json).join(',')}]}`,
    messages: list.length,
    malformed: false,
    sentAt: lastDue(list),
  }));
  for (const m of messages.filter((x) => x.malformed)) {
    out.push({ body: `{"events":[${m.json}]}`, messages: 1, malformed: true, sentAt: m.emitAt });
  }
  return out;
}
