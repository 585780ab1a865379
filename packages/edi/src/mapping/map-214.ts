import { eventTypeByName, type SourceEvent } from '@forewarn/contracts';
import { EdiError } from '../x12/errors.js';
import type { FunctionalGroup, TransactionSet } from '../x12/parse.js';
import { el, required, type Segment } from '../x12/segment.js';
import { toInstant } from '../x12/time.js';
import { locationOf } from './location.js';
import { carrierProfile, zoneOfRegion, type MapContext } from './profile.js';
import { referenceOf, refsOf, REF_ROLES } from './refs.js';

/** The newest version of a source event type, the one the mappers write (no tenantId in it). */
export const latestVersion = (type: string): number => eventTypeByName(type)?.version ?? 1;

type Draft = Omit<SourceEvent, 'payload' | 'type'> & {
  type: string;
  payload: Record<string, unknown>;
};

interface StatusEntry {
  at7: Segment;
  ms1?: Segment;
}

/** One LX loop: its statuses (AT7 and its MS1), and what it says about all of them. */
interface LxLoop {
  statuses: StatusEntry[];
  /** L11 and MAN in the loop: package-level tracking numbers and references. */
  refs: Segment[];
  /** K1 remarks: the carrier's own words. */
  remarks: string[];
}

function loops(segments: readonly Segment[]): { header: Segment[]; lx: LxLoop[] } {
  const header: Segment[] = [];
  const lx: LxLoop[] = [];
  for (const seg of segments) {
    if (seg.id === 'LX') {
      lx.push({ statuses: [], refs: [], remarks: [] });
      continue;
    }
    const loop = lx[lx.length - 1];
    if (!loop) {
      // Some carriers send AT7 without LX: a loop of its own.
      if (seg.id === 'AT7') lx.push({ statuses: [{ at7: seg }], refs: [], remarks: [] });
      else header.push(seg);
      continue;
    }
    const current = loop.statuses[loop.statuses.length - 1];
    if (seg.id === 'AT7') loop.statuses.push({ at7: seg });
    else if (seg.id === 'MS1' && current && !current.ms1) current.ms1 = seg;
    else if (seg.id === 'L11' || seg.id === 'MAN') loop.refs.push(seg);
    else if (seg.id === 'K1') loop.remarks.push(...[el(seg, 1), el(seg, 2)].filter(Boolean));
  }
  return { header, lx };
}

/** Looks an AT7 code up in its table; an unknown code names the element and the file to extend. */
function lookup<T>(
  table: Record<string, T>,
  at7: Segment,
  index: number,
  what: string,
  file: string,
) {
  const code = el(at7, index).toUpperCase();
  if (code === '') return undefined;
  const row = table[code];
  if (row === undefined) {
    throw new EdiError(
      'unknown_code',
      `unknown ${what} "${code}": add it to ${file}`,
      { position: at7.position, segmentId: 'AT7', element: index },
      { ackCode: '7' },
    );
  }
  return row;
}

/**
 * The package-level tracking number of an LX loop: L11*2I, else MAN*CP (carrier package id, in
 * MAN-01/02 or in the second pair MAN-04/05 behind a shipping-container code).
 */
function packageTracking(loop: LxLoop): string | undefined {
  return (
    referenceOf(
      loop.refs.filter((s) => s.id === 'L11'),
      ['2I'],
    ) ??
    referenceOf(
      loop.refs.filter((s) => s.id === 'MAN'),
      ['CP'],
    )
  );
}

/** N1-01 qualifiers of the party a 214 delivers to: consignee, ship-to. */
const CONSIGNEE = ['CN', 'ST'];

/**
 * The N4 of the consignee's N1 loop (N1, N2, N3, N4 up to the next N1). Carriers' guides send the
 * shipper first (N1*SH, then N1*CN), so the first N4 of the header is usually the origin's: it
 * stands in only when the consignee's loop has no state.
 */
function consigneeN4(header: readonly Segment[]): Segment | undefined {
  let inConsignee = false;
  for (const seg of header) {
    if (seg.id === 'N1') inConsignee = CONSIGNEE.includes(el(seg, 1).toUpperCase());
    else if (inConsignee && seg.id === 'N4' && el(seg, 2)) return seg;
  }
  return header.find((s) => s.id === 'N4' && el(s, 2));
}

/**
 * One 214 (carrier shipment status) → one event per AT7 of every LX loop: tracking.scanned,
 * eta.updated, or for a delivery both tracking.scanned (delivered) and proof-of-delivery.recorded.
 * Event ids derive from the content, so the same status sent again in another interchange is a
 * duplicate. An unknown SCAC maps under the default profile; an unknown reason code is a note.
 */
export function map214(tx: TransactionSet, group: FunctionalGroup, ctx: MapContext): Draft[] {
  const { tables } = ctx;
  const { header, lx } = loops(tx.segments);
  const b10 = header.find((s) => s.id === 'B10');
  if (!b10) {
    const first = tx.segments[0];
    throw new EdiError(
      'structure',
      'a 214 needs a B10 segment (shipment references and SCAC)',
      { position: first?.position ?? tx.st.position, segmentId: first?.id ?? 'ST' },
      { ackCode: '3' },
    );
  }
  const carrier = carrierProfile(ctx, required(b10, 3, 'carrier SCAC'));
  const headerRefs = header.filter((s) => s.id === 'L11');
  const refs = refsOf([b10, ...headerRefs]);
  // The carrier's own number first (B10-01, else a PRO, bill of lading or tracking number from
  // B10-05/06 or L11), the shipper's shipment id (B10-02) only when there is none.
  const shipmentTracking =
    el(b10, 1) || refs.proNumber || refs.billOfLading || refs.trackingNumbers[0] || el(b10, 2);
  if (!shipmentTracking) required(b10, 1, 'carrier reference (tracking number)');
  if (lx.every((l) => l.statuses.length === 0)) {
    throw new EdiError(
      'structure',
      'a 214 needs at least one LX loop with an AT7',
      { position: b10.position, segmentId: 'B10' },
      { ackCode: '3' },
    );
  }
  // A consignee's state places local times when a status has no MS1 of its own.
  const consigneeRegion = consigneeN4(header);
  const draftsOf = (loop: LxLoop, entry: StatusEntry): Draft[] => {
    const { at7 } = entry;
    if (el(at7, 1) === '' && el(at7, 3) !== '') return []; // an appointment, not a status
    required(at7, 1, 'shipment status code');
    const rule = lookup(tables.at7Status, at7, 1, 'shipment status code', 'at7-status.json')!;
    let reason: ReturnType<typeof lookup<(typeof tables.at7Reasons)[string]>>;
    try {
      reason = lookup(tables.at7Reasons, at7, 2, 'status reason code', 'at7-reasons.json');
    } catch (err) {
      if (!(err instanceof EdiError)) throw err;
      ctx.notes.push(err.asNote());
      reason = undefined;
    }
    if (rule.kind === 'none') return [];
    const trackingNumber = packageTracking(loop) ?? shipmentTracking;
    const loc = locationOf(entry.ms1, ctx.notes);
    const stopZone =
      zoneOfRegion(tables, entry.ms1 && el(entry.ms1, 2), entry.ms1 && el(entry.ms1, 3)) ??
      carrier.timeZone ??
      zoneOfRegion(
        tables,
        consigneeRegion && el(consigneeRegion, 2),
        consigneeRegion && el(consigneeRegion, 4),
      );
    required(at7, 5, 'status date');
    const at = toInstant({
      seg: at7,
      dateIndex: 5,
      timeIndex: 6,
      codeIndex: 7,
      defaultCode: carrier.timeCode,
      ...(stopZone ? { localZone: stopZone } : {}),
    });
    const code = `${el(at7, 1)}${el(at7, 2) ? `/${el(at7, 2)}` : ''}`;
    const idBase = `214-${el(b10, 3)}-${trackingNumber}-${el(at7, 1)}-${el(at7, 5)}${el(at7, 6)}`;
    const loopRefs = refsOf(loop.refs);
    const eventRefs = Object.fromEntries(
      Object.entries({
        customerId: refs.customerId,
        orderId: refs.orderId ?? loopRefs.orderId,
        poNumber: refs.poNumber ?? loopRefs.poNumber,
        shipmentId: refs.shipmentId ?? loopRefs.shipmentId,
        trackingNumbers: [
          ...new Set([trackingNumber, ...refs.trackingNumbers, ...loopRefs.trackingNumbers]),
        ],
      }).filter(([, v]) => v !== undefined),
    );
    const envelope = (eventId: string, type: string, occurredAt: string) => ({
      eventId,
      type,
      schemaVersion: latestVersion(type),
      sourceSystem: carrier.sourceSystem,
      occurredAt,
      refs: eventRefs,
    });
    const remark = [...loop.remarks, ...(loc.coordinates ? [`at ${loc.coordinates}`] : [])]
      .join(' ')
      .trim();
    // The code tables say what the status means; the carrier's remark, when it sent one, what
    // happened (a CSR reads both in the case's evidence).
    const explain = (coded: string | undefined) =>
      [coded, remark && remark !== coded ? `carrier: "${remark}"` : undefined]
        .filter(Boolean)
        .join('; ') || undefined;
    const described = explain(
      reason?.exceptionReason ? `${rule.description}: ${reason.description}` : rule.description,
    );
    const location = loc.location;
    const scan = (status: string, exceptionReason?: string): Draft => ({
      ...envelope(idBase, 'carrier.tracking.scanned', at),
      payload: {
        trackingNumber,
        carrier: carrier.carrier,
        status,
        ...(exceptionReason ? { exceptionReason } : {}),
        carrierStatusCode: code,
        ...(described ? { description: described } : {}),
        ...(location ? { location } : {}),
        scannedAt: at,
      },
    });
    if (rule.kind === 'scan') {
      const exceptionReason =
        rule.status === 'exception'
          ? (reason?.exceptionReason ?? rule.exceptionReason ?? 'delay')
          : undefined;
      return [scan(rule.status, exceptionReason)];
    }
    if (rule.kind === 'delivered') {
      const pod: Draft = {
        ...envelope(`${idBase}-pod`, 'carrier.proof-of-delivery.recorded', at),
        payload: {
          trackingNumber,
          carrier: carrier.carrier,
          deliveredAt: at,
          ...(location ? { location } : {}),
        },
      };
      return [scan('delivered'), pod];
    }
    const etaReason = explain(reason?.exceptionReason ? reason.description : undefined);
    // The same estimate reported again later (a delay, then its recovery) is a new report: the
    // report time is part of its id, so only a resend of the same group is a duplicate.
    return [
      {
        ...envelope(
          `${idBase}-${group.date}${group.time}`,
          'carrier.eta.updated',
          reportedAt(group, tx, carrier.timeCode, carrier.timeZone),
        ),
        payload: {
          trackingNumber,
          carrier: carrier.carrier,
          newEta: at,
          ...(etaReason ? { reason: etaReason } : {}),
        },
      },
    ];
  };
  return lx.flatMap((loop) => loop.statuses.flatMap((entry) => draftsOf(loop, entry)));
}

/**
 * When an ETA was reported: the group's date and time (the AT7 date is the estimate, not an
 * event time), in the carrier's time code; GS has no zone of its own, so when that cannot be
 * placed the stamp is read as UTC rather than the estimate refused.
 */
function reportedAt(
  group: FunctionalGroup,
  tx: TransactionSet,
  timeCode: string,
  timeZone: string | undefined,
): string {
  const seg: Segment = {
    id: 'GS',
    position: tx.st.position,
    elements: ['GS', '', '', '', group.date, group.time],
  };
  const read = (code: string) =>
    toInstant({
      seg,
      dateIndex: 4,
      timeIndex: 5,
      defaultCode: code,
      ...(timeZone ? { localZone: timeZone } : {}),
    });
  try {
    return read(timeCode);
  } catch {
    return read('UT');
  }
}

export { REF_ROLES };
export type { Draft };
