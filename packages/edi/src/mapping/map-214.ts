import type { SourceEvent } from '@forewarn/contracts';
import { EdiError } from '../x12/errors.js';
import type { FunctionalGroup, TransactionSet } from '../x12/parse.js';
import { el, required, type Segment } from '../x12/segment.js';
import { toInstant } from '../x12/time.js';
import { carrierOf } from './carrier.js';
import { countryOf } from './countries.js';
import type { MappingTables } from './tables.js';

type Draft = Omit<SourceEvent, 'payload' | 'type'> & {
  type: string;
  payload: Record<string, unknown>;
};

interface StatusEntry {
  at7: Segment;
  ms1?: Segment;
  trackingNumber?: string;
  /** K1 remarks: the carrier's own words about this status. */
  remarks: string[];
}

function loops(segments: readonly Segment[]): { header: Segment[]; statuses: StatusEntry[] } {
  const header: Segment[] = [];
  const statuses: StatusEntry[] = [];
  let inLoop = false;
  for (const seg of segments) {
    if (seg.id === 'LX') inLoop = true;
    if (!inLoop) header.push(seg);
    else if (seg.id === 'AT7') statuses.push({ at7: seg, remarks: [] });
    else {
      const current = statuses[statuses.length - 1];
      if (!current) continue;
      if (seg.id === 'MS1') current.ms1 = seg;
      if (seg.id === 'K1') current.remarks.push(...[el(seg, 1), el(seg, 2)].filter(Boolean));
      // A package-level tracking number (L11 qualifier 2I) overrides B10-01 for this status.
      if (seg.id === 'L11' && el(seg, 2) === '2I')
        current.trackingNumber = required(seg, 1, 'tracking number');
    }
  }
  return { header, statuses };
}

/** Looks an AT7 code up in its table; an unknown code names the element and the file to extend. */
function lookup<T>(
  table: Record<string, T>,
  at7: Segment,
  index: number,
  what: string,
  file: string,
) {
  const code = index === 1 ? required(at7, 1, what) : el(at7, index);
  if (code === '') return undefined;
  const row = table[code];
  if (row === undefined) {
    throw new EdiError('unknown_code', `unknown ${what} "${code}": add it to ${file}`, {
      position: at7.position,
      segmentId: 'AT7',
      element: index,
    });
  }
  return row;
}

function location(ms1: Segment | undefined) {
  if (!ms1) return undefined;
  const loc = {
    city: el(ms1, 1) || undefined,
    region: el(ms1, 2) || undefined,
    country: countryOf(ms1, 3),
  };
  return Object.fromEntries(Object.entries(loc).filter(([, v]) => v !== undefined));
}

/**
 * One 214 (carrier shipment status) → one event per AT7: tracking.scanned, eta.updated, or for a
 * delivery both tracking.scanned (delivered) and proof-of-delivery.recorded. Event ids derive from
 * the content, so the same status sent again in another interchange is a duplicate.
 */
export function map214(
  tx: TransactionSet,
  group: FunctionalGroup,
  tables: MappingTables,
  opts: { sourceSystem?: string } = {},
): Draft[] {
  const b10 = tx.segments[0];
  if (!b10 || b10.id !== 'B10') {
    throw new EdiError('structure', 'a 214 must start with B10', {
      position: b10?.position ?? tx.st.position,
      segmentId: b10?.id ?? 'ST',
    });
  }
  const shipmentTracking = required(b10, 1, 'carrier reference (tracking number)');
  const shipmentId = el(b10, 2) || undefined;
  const carrier = carrierOf(tables, b10, 3);
  const { header, statuses } = loops(tx.segments);
  const l11 = (q: string) => header.find((s) => s.id === 'L11' && el(s, 2) === q);
  const poNumber = l11('PO') ? el(l11('PO')!, 1) : undefined;
  const orderId = l11('OQ') ? el(l11('OQ')!, 1) : undefined;
  // Qualifier 11 (account number): the customer's account with the shipper, as on the 856.
  const customerId = l11('11') ? el(l11('11')!, 1) : undefined;
  if (statuses.length === 0) {
    throw new EdiError('structure', 'a 214 needs at least one LX loop with an AT7', {
      position: b10.position,
      segmentId: 'B10',
    });
  }
  const sourceSystem = opts.sourceSystem ?? carrier.sourceSystem;
  const draftsOf = (entry: StatusEntry): Draft[] => {
    const { at7 } = entry;
    const rule = lookup(tables.at7Status, at7, 1, 'shipment status code', 'at7-status.json')!;
    const reason = lookup(tables.at7Reasons, at7, 2, 'status reason code', 'at7-reasons.json');
    const trackingNumber = entry.trackingNumber ?? shipmentTracking;
    const at = toInstant({
      seg: at7,
      dateIndex: 5,
      timeIndex: 6,
      codeIndex: 7,
      defaultCode: carrier.timeCode,
    });
    const code = `${el(at7, 1)}${el(at7, 2) ? `/${el(at7, 2)}` : ''}`;
    const idBase = `214-${carrier.scac}-${trackingNumber}-${el(at7, 1)}-${el(at7, 5)}${el(at7, 6)}`;
    const refs = Object.fromEntries(
      Object.entries({
        customerId,
        orderId,
        poNumber,
        shipmentId,
        trackingNumbers: [trackingNumber],
      }).filter(([, v]) => v !== undefined),
    );
    const envelope = (eventId: string, type: string, occurredAt: string) => ({
      eventId,
      type,
      schemaVersion: 1,
      sourceSystem,
      occurredAt,
      tenantId: 'default',
      refs,
    });
    const loc = location(entry.ms1);
    const remark = entry.remarks.join(' ').trim() || undefined;
    // The code tables say what the status means; the carrier's remark, when it sent one, what
    // happened (a CSR reads both in the case's evidence).
    const explain = (coded: string | undefined) =>
      [coded, remark && remark !== coded ? `carrier: "${remark}"` : undefined]
        .filter(Boolean)
        .join('; ') || undefined;
    const described = explain(
      reason?.exceptionReason ? `${rule.description}: ${reason.description}` : rule.description,
    );
    const scan = (status: string, exceptionReason?: string): Draft => ({
      ...envelope(idBase, 'carrier.tracking.scanned', at),
      payload: {
        trackingNumber,
        carrier: carrier.carrier,
        status,
        ...(exceptionReason ? { exceptionReason } : {}),
        carrierStatusCode: code,
        ...(described ? { description: described } : {}),
        ...(loc ? { location: loc } : {}),
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
          ...(loc ? { location: loc } : {}),
        },
      };
      return [scan('delivered'), pod];
    }
    // An ETA is reported when the group was written: the AT7 date is the estimate, not an event time.
    const reportedAt = toInstant({
      seg: {
        id: 'GS',
        position: tx.st.position,
        elements: ['GS', '', '', '', group.date, group.time],
      },
      dateIndex: 4,
      timeIndex: 5,
      defaultCode: carrier.timeCode,
    });
    const etaReason = explain(reason?.exceptionReason ? reason.description : undefined);
    // The same estimate reported again later (a delay, then its recovery) is a new report: the
    // report time is part of its id, so only a resend of the same group is a duplicate.
    return [
      {
        ...envelope(`${idBase}-${group.date}${group.time}`, 'carrier.eta.updated', reportedAt),
        payload: {
          trackingNumber,
          carrier: carrier.carrier,
          newEta: at,
          ...(etaReason ? { reason: etaReason } : {}),
        },
      },
    ];
  };
  return statuses.flatMap(draftsOf);
}

export type { Draft };
