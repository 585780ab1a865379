import type { EdiError } from '../x12/errors.js';
import { el } from '../x12/segment.js';
import { senderProfile } from '../mapping/profile.js';
import type { AckSet, MappingTables } from '../mapping/tables.js';
import type { Receipt, ReceivedGroup, ReceivedTransaction } from '../mapping/receive.js';

export interface AckOptions {
  /** When the acknowledgement is written (ISA-09/10, GS-04/05). */
  now: Date;
  /** ISA-13 of the acknowledgement; default: the received interchange's own number. */
  controlNumber?: number;
}

/** A GS-08 naming an implementation guide: version and release, X, the guide (005010X222A1). */
const GUIDE = /^\d{6}X\d{3}/;

/** A GS-08 that is a version: version and release (6 digits), then an industry id (004010VICS). */
const VERSION = /^\d{6}[A-Za-z0-9]{0,6}$/;

/** What a functional group is answered with: the acknowledgement set and the GS-08 it goes under. */
export interface AckKind {
  set: AckSet;
  /** GS-08 of the functional group the acknowledgement goes in. */
  version: string;
}

/**
 * How a functional group is answered, by its GS-08 (the one definition of the rule):
 * - sent under an implementation guide (`005010X222A1`: version and release, X, the guide's
 *   number): a 999, what HIPAA partners expect, under the 999's own guide `005010X231A1` (a guide
 *   of a later release, for which X231A1 does not exist: that release's base 999);
 * - anything else (a carrier's 214 or a shipper's 856 in 004010, 004010VICS or 005010): a 997
 *   under the group's own GS-08, what transport and retail partners expect.
 *
 * `prefer`, a partner row's `ack`, overrides the choice: a 999 for a group under no guide is the
 * base 999 of its release, a 997 for a guide's group is under the guide's release. There is no
 * 999 before 005010: earlier groups always get a 997. A GS-08 that is no version (sets without a
 * GS, a damaged GS-08) counts as the interchange's ISA-12 (00501 is 005010), else as 004010.
 */
export function ackFor(groupVersion: string, interchangeVersion: string, prefer?: AckSet): AckKind {
  const v = groupVersion.trim();
  const isa = interchangeVersion.trim();
  const own = VERSION.test(v) ? v : /^\d{5}$/.test(isa) ? `${isa}0` : '004010';
  const release = own.slice(0, 6);
  const guide = GUIDE.test(own);
  if (release < '005010' || (prefer ?? (guide ? '999' : '997')) === '997') {
    return { set: '997', version: guide ? release : own };
  }
  return { set: '999', version: guide && release === '005010' ? '005010X231A1' : release };
}

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
  kind: AckKind,
): string[] {
  const flavour = kind.set;
  // AK2-03 (the set's ST-03) and AK1-03 (the group's GS-08) are elements from 005010 on.
  const from5010 = kind.version >= '005010';
  const out = [line(['AK2', t.setId, t.controlNumber, from5010 ? t.tx.convention : ''])];
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
  kind: AckKind,
): string[] {
  const flavour = kind.set;
  const functionalId =
    g.group.functionalId || FUNCTIONAL_ID[g.group.transactions[0]?.setId ?? ''] || 'QM';
  const body = [
    line([
      'AK1',
      functionalId,
      g.group.controlNumber,
      kind.version >= '005010' ? g.group.version : '',
    ]),
    ...g.transactions.flatMap((t) => setLoop(t, tables, segments, kind)),
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
    // ST-03 names the guide the acknowledgement is written to (005010X231A1), when there is one.
    line(['ST', flavour, controlNumber, GUIDE.test(kind.version) ? kind.version : '']),
    ...body,
    line(['SE', String(body.length + 2), controlNumber]),
  ];
}

/**
 * The acknowledgement of a received interchange, as X12 text: a TA1 when the interchange
 * envelope had a fault (or ISA-14 asked for one), then one 997 or 999 (as `ackFor` says) per
 * functional group received, accepting (A), accepting with errors (E), partially accepting (P)
 * or rejecting (R) it, with the segment (AK3/IK3) and element (AK4/IK4) of every problem. Sender
 * and receiver are swapped; acknowledgements of each set and GS-08 go in a group of their own.
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
  const prefer = senderProfile(tables, ix.senderId).ack;
  const kinds = receipt.groups.map((g) => ackFor(g.group.version, ix.version, prefer));
  const keyOf = (k: AckKind) => `${k.set}*${k.version}`;
  const ackGroups = [...new Map(kinds.map((k) => [keyOf(k), k])).values()];
  const version =
    ix.version >= '00501' || kinds.some((k) => k.version >= '005010') ? '00501' : '00401';
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
  for (const kind of ackGroups) {
    groupNo++;
    const groups = receipt.groups.filter((_, i) => keyOf(kinds[i]!) === keyOf(kind));
    const sets = groups.map((g, i) =>
      groupAck(g, tables, segments, String(i + 1).padStart(4, '0'), kind),
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
        kind.version,
      ]),
    );
    for (const s of sets) out.push(...s);
    out.push(line(['GE', String(sets.length), String(groupNo)]));
  }
  out.push(line(['IEA', String(ackGroups.length), icn]));
  return out.join('\n') + '\n';
}
