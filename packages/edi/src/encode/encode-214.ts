import type { MappingTables } from '../mapping/tables.js';
import { fromInstant } from '../x12/time.js';
import { writeX12, type GroupDraft, type TransactionDraft } from '../x12/write.js';
import { codeFor, statusOf, type StatusEvent } from './status-codes.js';

export type { StatusEvent };

export interface Encode214Options {
  /** ISA-08 / GS-03 receiver (default FOREWARN). */
  receiver?: string;
  /** ISA-13 (groups and transaction sets are numbered from 1 inside it). */
  controlNumber: number;
  /** When the file is written: ISA/GS date and time of the groups holding scans. */
  at: string | number;
}

export interface Encoded214 {
  text: string;
  /** Transaction sets written (one per tracking number and report time). */
  transactions: number;
}

/** The SCAC of a carrier in carriers.json, or an error naming the table to extend. */
export function scacOf(tables: MappingTables, carrier: string): string {
  const hit = Object.entries(tables.carriers).find(([, row]) => row.carrier === carrier);
  if (!hit) throw new Error(`carriers.json has no SCAC for carrier ${carrier}`);
  return hit[0];
}

const reasonRows = (tables: MappingTables) =>
  Object.fromEntries(Object.entries(tables.at7Reasons).map(([k, r]) => [k, r.exceptionReason]));

const exactReason = (tables: MappingTables, reason: string) =>
  Object.entries(tables.at7Reasons).find(([, r]) => r.exceptionReason === reason.toLowerCase());

/** AT7-02 for an ETA: the reason's own code when the table has it, else "other carrier related". */
function etaReason(tables: MappingTables, reason: string | undefined): string {
  if (!reason) return 'NS';
  const exact = exactReason(tables, reason);
  if (exact) return exact[0];
  const rows = Object.entries(tables.at7Reasons);
  return (
    rows.find(([, r]) => r.exceptionReason === 'delay' && /other/i.test(r.description))?.[0] ?? 'NS'
  );
}

const K1_ELEMENT = 30;
const K1_MAX_SEGMENTS = 10;

/**
 * The carrier's own words as K1 (remarks) segments: two 30-character elements each, split at
 * spaces, at most ten. Characters the interchange uses as separators become spaces.
 */
export function remarks(text: string): string[][] {
  const words = text
    .replace(/[*~>^]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => w.match(new RegExp(`.{1,${K1_ELEMENT}}`, 'g')) ?? []);
  const elements: string[] = [];
  for (const w of words) {
    const last = elements[elements.length - 1];
    if (last !== undefined && last.length + 1 + w.length <= K1_ELEMENT)
      elements[elements.length - 1] = `${last} ${w}`;
    else elements.push(w);
  }
  const segments: string[][] = [];
  for (let i = 0; i < elements.length && segments.length < K1_MAX_SEGMENTS; i += 2)
    segments.push(['K1', ...elements.slice(i, i + 2)]);
  return segments;
}

function loop(tables: MappingTables, e: StatusEvent, n: number): string[][] {
  const status = statusOf(e);
  const { code, reason } = codeFor(tables.at7Status, reasonRows(tables), status, 'at7-status.json');
  const when = e.type === 'carrier.eta.updated' ? e.payload.newEta : e.payload.scannedAt;
  const at7Reason =
    e.type === 'carrier.eta.updated'
      ? etaReason(tables, e.payload.reason ?? undefined)
      : (reason ?? 'NS');
  const { date, time } = fromInstant(when, 'UT');
  const out = [
    ['LX', String(n)],
    ['AT7', code, at7Reason, '', '', date, time, 'UT'],
  ];
  const loc = e.type === 'carrier.tracking.scanned' ? e.payload.location : undefined;
  if (loc && (loc.city || loc.region || loc.country)) {
    out.push(['MS1', loc.city ?? '', loc.region ?? '', loc.country ?? '']);
  }
  // A scan's description, or an ETA reason the reason table has no code of its own for.
  const text =
    e.type === 'carrier.tracking.scanned'
      ? e.payload.description
      : e.payload.reason && !exactReason(tables, e.payload.reason)
        ? e.payload.reason
        : undefined;
  if (text) out.push(...remarks(text));
  return out;
}

/**
 * Carrier status events → one X12 214 interchange, as a carrier's VAN drop: one transaction
 * set per tracking number (B10 with the shipment id and SCAC, L11 PO, order and the shipper's
 * account number of the customer), its statuses in
 * LX/AT7/MS1 loops, times in UTC (AT7-07 UT). ETA updates are reported at the group's date and
 * time, so each ETA report time gets a group of its own. All events must be one carrier's.
 */
export function encode214(
  events: readonly StatusEvent[],
  tables: MappingTables,
  opts: Encode214Options,
): Encoded214 {
  if (events.length === 0) throw new Error('a 214 needs at least one status');
  const carrier = events[0]!.payload.carrier;
  if (events.some((e) => e.payload.carrier !== carrier))
    throw new Error('one 214 interchange holds one carrier’s statuses');
  const scac = scacOf(tables, carrier);
  const timeCode = tables.carriers[scac]!.timeCode;
  const receiver = opts.receiver ?? 'FOREWARN';
  const fileAt = fromInstant(opts.at, timeCode);
  // Groups keyed by their report time (GS date+time), then transactions by tracking number.
  const groups = new Map<string, Map<string, StatusEvent[]>>();
  for (const e of events) {
    const gs = e.type === 'carrier.eta.updated' ? fromInstant(e.occurredAt, timeCode) : fileAt;
    const key = `${gs.date}*${gs.time}`;
    const byTracking = groups.get(key) ?? new Map<string, StatusEvent[]>();
    const list = byTracking.get(e.payload.trackingNumber) ?? [];
    list.push(e);
    byTracking.set(e.payload.trackingNumber, list);
    groups.set(key, byTracking);
  }
  let st = 0;
  const drafts: GroupDraft[] = [...groups].map(([key, byTracking], g) => {
    const [date, time] = key.split('*') as [string, string];
    const transactions: TransactionDraft[] = [...byTracking].map(([tracking, list]) => {
      const refs = list[0]!.refs;
      const header: string[][] = [['B10', tracking, refs.shipmentId ?? '', scac]];
      if (refs.poNumber) header.push(['L11', refs.poNumber, 'PO']);
      if (refs.orderId) header.push(['L11', refs.orderId, 'OQ']);
      if (refs.customerId) header.push(['L11', refs.customerId, '11']);
      st += 1;
      return {
        setId: '214',
        controlNumber: String(st).padStart(4, '0'),
        segments: [...header, ...list.flatMap((e, i) => loop(tables, e, i + 1))],
      };
    });
    return {
      functionalId: 'QM',
      sender: scac,
      receiver,
      date,
      time,
      controlNumber: String(g + 1),
      version: '004010',
      transactions,
    };
  });
  const isaAt = fromInstant(opts.at, 'UT');
  const text = writeX12({
    senderId: scac,
    receiverId: receiver,
    date: isaAt.date.slice(2),
    time: isaAt.time.slice(0, 4),
    controlNumber: opts.controlNumber,
    groups: drafts,
  });
  return { text, transactions: st };
}
