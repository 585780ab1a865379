import type { EdiError } from '../x12/errors.js';
import { el } from '../x12/segment.js';
import type { MappingTables } from '../mapping/tables.js';
import type { Receipt, ReceivedGroup, ReceivedTransaction } from '../mapping/receive.js';

export interface AckOptions {
  /** When the acknowledgement is written (ISA-09/10, GS-04/05). */
  now: Date;
  /** ISA-13 of the acknowledgement; default: the received interchange's own number. */
  controlNumber?: number;
}

/** The functional acknowledgement a group gets: 999 for 005010 and later, 997 before. */
export const ackSetFor = (version: string): '997' | '999' =>
  version.trim() >= '005010' ? '999' : '997';

/** A functional id for a group whose GS was missing, from what its sets are. */
const FUNCTIONAL_ID: Record<string, string> = {
  '214': 'QM',
  '856': 'SH',
  '997': 'FA',
  '999': 'FA',
};

const SEP = { element: '*', segment: '~', component: '>' };

/** Element text with the acknowledgement's own separators taken out. */
const clean = (v: string) => v.replace(/[*~>^\r\n]/g, ' ').trim();

function line(elements: readonly string[]): string {
  const out = [...elements.map(clean)];
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out.join(SEP.element) + SEP.segment;
}

const pad = (s: string, n: number) => s.slice(0, n).padEnd(n, ' ');

/** AK4-03/IK4-03 for a problem with one element. */
function elementErrorCode(f: EdiError, dataElement: string | undefined): string {
  if (f.at?.element !== undefined && f.ackCode && /^\d{1,2}$/.test(f.ackCode)) return f.ackCode;
  if (f.code === 'missing_element') return '1';
  if (f.code === 'unknown_code' || f.code === 'structure') return '7';
  if (dataElement === '373') return '8';
  if (dataElement === '337') return '9';
  return '6';
}

/** AK3/AK4 (IK3/IK4) for each problem inside a set's body, AK5 (IK5) codes for the rest. */
function setLoop(
  t: ReceivedTransaction,
  tables: MappingTables,
  segments: Map<number, readonly string[]>,
  flavour: '997' | '999',
): string[] {
  const out = [line(['AK2', t.setId, t.controlNumber, flavour === '999' ? t.tx.convention : ''])];
  const setCodes = new Set<string>();
  const inBody = (f: EdiError) =>
    f.at !== undefined &&
    f.at.position > t.tx.st.position &&
    f.at.segmentId !== 'SE' &&
    t.tx.segments.some((s) => s.position === f.at!.position);
  for (const f of t.faults) {
    if (!inBody(f)) {
      setCodes.add(f.ackCode && /^\d{1,2}$/.test(f.ackCode) ? f.ackCode : '5');
      continue;
    }
    const at = f.at!;
    const positionInSet = String(at.position - t.tx.st.position + 1);
    const segCode =
      at.element !== undefined ? '8' : f.ackCode && /^\d$/.test(f.ackCode) ? f.ackCode : '2';
    out.push(line([flavour === '999' ? 'IK3' : 'AK3', at.segmentId, positionInSet, '', segCode]));
    if (at.element !== undefined) {
      const dataElement = tables.elements[at.segmentId]?.[at.element - 1];
      const bad = segments.get(at.position)?.[at.element] ?? '';
      out.push(
        line([
          flavour === '999' ? 'IK4' : 'AK4',
          String(at.element),
          dataElement ?? '',
          elementErrorCode(f, dataElement),
          bad.slice(0, 99),
        ]),
      );
    }
    setCodes.add('5');
  }
  const status = t.status === 'accepted' ? 'A' : t.status === 'accepted_with_errors' ? 'E' : 'R';
  const codes = status === 'A' ? [] : [...setCodes].slice(0, 5);
  if (status === 'R' && codes.length === 0) codes.push('5');
  out.push(line([flavour === '999' ? 'IK5' : 'AK5', status, ...codes]));
  return out;
}

function groupAck(
  g: ReceivedGroup,
  tables: MappingTables,
  segments: Map<number, readonly string[]>,
  controlNumber: string,
): string[] {
  const flavour = ackSetFor(g.group.version);
  const functionalId =
    g.group.functionalId || FUNCTIONAL_ID[g.group.transactions[0]?.setId ?? ''] || 'QM';
  const body = [
    line(['AK1', functionalId, g.group.controlNumber, flavour === '999' ? g.group.version : '']),
    ...g.transactions.flatMap((t) => setLoop(t, tables, segments, flavour)),
  ];
  const accepted =
    g.status === 'R' ? 0 : g.transactions.filter((t) => t.status !== 'rejected').length;
  const declared = g.group.ge ? el(g.group.ge, 1) : '';
  const groupCodes = [
    ...new Set(
      g.faults.map((f) => f.ackCode ?? '').filter((c) => /^\d{1,2}$/.test(c) && c !== '0'),
    ),
  ].slice(0, 5);
  body.push(
    line([
      'AK9',
      g.status,
      /^\d+$/.test(declared) ? declared : String(g.transactions.length),
      String(g.transactions.length),
      String(accepted),
      ...(g.status === 'A' ? [] : groupCodes),
    ]),
  );
  return [
    line(['ST', flavour, controlNumber, flavour === '999' ? '005010X231A1' : '']),
    ...body,
    line(['SE', String(body.length + 2), controlNumber]),
  ];
}

/**
 * The acknowledgement of a received interchange, as X12 text: a TA1 when the interchange
 * envelope had a fault (or ISA-14 asked for one), then one 997 (004010) or 999 (005010) per
 * functional group received, accepting (A), accepting with errors (E), partially accepting (P)
 * or rejecting (R) it, with the segment (AK3/IK3) and element (AK4/IK4) of every problem. Sender
 * and receiver are swapped; 997s and 999s go in groups of their own (GS-08 differs).
 */
export function acknowledge(receipt: Receipt, tables: MappingTables, opts: AckOptions): string {
  const ix = receipt.interchange;
  const segments = new Map<number, readonly string[]>();
  for (const g of ix.groups) {
    for (const t of g.transactions)
      for (const s of t.segments) segments.set(s.position, s.elements);
  }
  const now = opts.now.toISOString();
  const [yymmdd, ccyymmdd, hhmm] = [
    now.slice(2, 10).replaceAll('-', ''),
    now.slice(0, 10).replaceAll('-', ''),
    now.slice(11, 16).replace(':', ''),
  ];
  const icn = String(
    opts.controlNumber ?? (Number(ix.controlNumber) || 1) % 1_000_000_000,
  ).padStart(9, '0');
  const flavours = [...new Set(receipt.groups.map((g) => ackSetFor(g.group.version)))];
  const version = flavours.includes('999') ? '00501' : ix.version >= '00501' ? '00501' : '00401';
  const isa =
    [
      'ISA',
      '00',
      pad('', 10),
      '00',
      pad('', 10),
      pad(clean(ix.receiverQualifier) || 'ZZ', 2),
      pad(clean(ix.receiverId), 15),
      pad(clean(ix.senderQualifier) || 'ZZ', 2),
      pad(clean(ix.senderId), 15),
      yymmdd,
      hhmm,
      version >= '00501' ? '^' : 'U',
      version,
      icn,
      '0',
      clean(ix.testIndicator) || 'P',
    ].join(SEP.element) +
    SEP.element +
    SEP.component +
    SEP.segment;
  const out = [isa];
  if (ix.faults.length > 0 || ix.ackRequested || ix.groups.length === 0) {
    const note = ix.faults.find((f) => f.ackCode && /^\d{3}$/.test(f.ackCode))?.ackCode ?? '000';
    out.push(
      line([
        'TA1',
        /^\d{9}$/.test(ix.controlNumber) ? ix.controlNumber : '000000000',
        ix.date,
        ix.time,
        receipt.status,
        note,
      ]),
    );
  }
  let groupNo = 0;
  for (const flavour of flavours) {
    groupNo++;
    const groups = receipt.groups.filter((g) => ackSetFor(g.group.version) === flavour);
    const gsVersion = flavour === '999' ? '005010X231A1' : '004010';
    const sets = groups.map((g, i) =>
      groupAck(g, tables, segments, String(i + 1).padStart(4, '0')),
    );
    out.push(
      line([
        'GS',
        'FA',
        ix.receiverId,
        ix.senderId,
        ccyymmdd,
        hhmm,
        String(groupNo),
        'X',
        gsVersion,
      ]),
    );
    for (const s of sets) out.push(...s);
    out.push(line(['GE', String(sets.length), String(groupNo)]));
  }
  out.push(line(['IEA', String(flavours.length), icn]));
  return out.join('\n') + '\n';
}
