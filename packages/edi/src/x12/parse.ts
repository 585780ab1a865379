import { EdiError } from './errors.js';
import { el, type Segment } from './segment.js';
import { tokenise, type Separators } from './tokenise.js';

export interface TransactionSet {
  /** ST-01: 214, 856… */
  setId: string;
  controlNumber: string;
  /** ST-03 (from 00501: the implementation convention, e.g. 005010X231A1), '' when absent. */
  convention: string;
  /** The segments between ST and SE. */
  segments: Segment[];
  st: Segment;
  /**
   * What is wrong with the set's own envelope (ST/SE) or its segments' ids. A set with a fault of
   * severity `reject` is not mapped.
   */
  faults: EdiError[];
}

export interface FunctionalGroup {
  functionalId: string;
  sender: string;
  receiver: string;
  date: string;
  time: string;
  controlNumber: string;
  /** GS-08, e.g. 004010 or 005010. */
  version: string;
  gs: Segment;
  /** The GE trailer, when there is one. */
  ge: Segment | undefined;
  transactions: TransactionSet[];
  /** GS/GE problems (AK9 codes); by default notes: the group's well-formed sets are still taken. */
  faults: EdiError[];
}

export interface Interchange {
  separators: Separators;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA-09 (YYMMDD) and ISA-10 (HHMM). */
  date: string;
  time: string;
  controlNumber: string;
  version: string;
  /** ISA-14: 1 when the sender asked for an interchange acknowledgement (TA1). */
  ackRequested: boolean;
  testIndicator: string;
  groups: FunctionalGroup[];
  /** ISA/IEA problems (TA1 note codes); by default notes. */
  faults: EdiError[];
}

const at = (seg: Segment, element?: number) => ({
  position: seg.position,
  segmentId: seg.id,
  ...(element === undefined ? {} : { element }),
});

const fault = (
  code: ConstructorParameters<typeof EdiError>[0],
  reason: string,
  where: ReturnType<typeof at>,
  ackCode: string,
  severity: 'reject' | 'note',
) => new EdiError(code, reason, where, { ackCode, severity });

/** A count element (SE-01, GE-01, IEA-01) against what was counted; undefined when they agree. */
function countFault(
  seg: Segment,
  index: number,
  counted: number,
  what: string,
  ackCode: string,
  severity: 'reject' | 'note',
): EdiError | undefined {
  const raw = el(seg, index);
  if (/^\d+$/.test(raw) && Number(raw) === counted) return undefined;
  const said = raw === '' ? 'is missing' : `says ${raw}`;
  return fault(
    'segment_count',
    `${what} ${said}, counted ${counted}`,
    at(seg, index),
    ackCode,
    severity,
  );
}

function controlFault(
  seg: Segment,
  index: number,
  expected: string,
  what: string,
  ackCode: string,
  severity: 'reject' | 'note',
): EdiError | undefined {
  const actual = el(seg, index);
  if (actual === expected) return undefined;
  return fault(
    'control_number',
    `${what} ${actual || '(empty)'} does not match ${expected}`,
    at(seg, index),
    ackCode,
    severity,
  );
}

const ENVELOPE = new Set(['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE']);

/** Reads ST … SE from `i`; never throws: what is wrong becomes a fault of the set. */
function readTransaction(segments: Segment[], i: number): { tx: TransactionSet; next: number } {
  const st = segments[i]!;
  const setId = el(st, 1);
  const controlNumber = el(st, 2);
  const faults: EdiError[] = [];
  if (!/^\d{3}$/.test(setId))
    faults.push(
      fault(
        'missing_element',
        'ST-01 transaction set identifier must be 3 digits',
        at(st, 1),
        '6',
        'reject',
      ),
    );
  if (controlNumber === '')
    faults.push(
      fault(
        'missing_element',
        'ST-02 transaction set control number is required',
        at(st, 2),
        '7',
        'reject',
      ),
    );
  const body: Segment[] = [];
  let j = i + 1;
  for (; j < segments.length; j++) {
    const seg = segments[j]!;
    if (seg.id === 'SE' || (ENVELOPE.has(seg.id) && !seg.badId)) break;
    if (seg.badId) {
      faults.push(
        fault(
          'structure',
          `"${el(seg, 0).slice(0, 10)}" is not a segment id`,
          at(seg),
          '1',
          'reject',
        ),
      );
    }
    body.push(seg);
  }
  const se = segments[j];
  if (se?.id === 'SE') {
    const count = countFault(se, 1, body.length + 2, 'SE-01 segment count', '4', 'reject');
    const control = controlFault(se, 2, controlNumber, 'SE-02 control number', '3', 'reject');
    faults.push(...[count, control].filter((f): f is EdiError => f !== undefined));
    j++;
  } else {
    const where = se ?? segments[segments.length - 1]!;
    faults.push(
      fault(
        'envelope',
        `transaction set ${controlNumber} has no SE trailer`,
        at(where),
        '2',
        'reject',
      ),
    );
  }
  const convention = el(st, 3);
  return { tx: { setId, controlNumber, convention, segments: body, st, faults }, next: j };
}

/** Reads GS … GE from `i`; a missing or wrong trailer is a group fault, the sets are still read. */
function readGroup(
  segments: Segment[],
  gs: Segment,
  first: number,
): { group: FunctionalGroup; next: number } {
  const controlNumber = el(gs, 6);
  const faults: EdiError[] = [];
  if (!/^\d{1,9}$/.test(controlNumber)) {
    faults.push(
      fault(
        'invalid_element',
        `GS-06 group control number must be 1 to 9 digits, got "${controlNumber}"`,
        at(gs, 6),
        '6',
        'note',
      ),
    );
  }
  const transactions: TransactionSet[] = [];
  const seen = new Set<string>();
  let j = first;
  while (j < segments.length) {
    const seg = segments[j]!;
    if (seg.id === 'ST') {
      const { tx, next } = readTransaction(segments, j);
      if (seen.has(tx.controlNumber)) {
        tx.faults.push(
          fault(
            'control_number',
            `ST-02 control number ${tx.controlNumber} is used twice in group ${controlNumber}`,
            at(tx.st, 2),
            '23',
            'reject',
          ),
        );
      }
      seen.add(tx.controlNumber);
      transactions.push(tx);
      j = next;
    } else if (seg.id === 'GS' || seg.id === 'IEA' || seg.id === 'GE') break;
    else {
      faults.push(fault('structure', `${seg.id} outside a transaction set`, at(seg), '0', 'note'));
      j++;
    }
  }
  const ge = segments[j];
  if (ge?.id === 'GE') {
    const count = countFault(
      ge,
      1,
      transactions.length,
      'GE-01 transaction set count',
      '5',
      'note',
    );
    const control = controlFault(ge, 2, controlNumber, 'GE-02 group control number', '4', 'note');
    faults.push(...[count, control].filter((f): f is EdiError => f !== undefined));
    j++;
  } else {
    const where = ge ?? segments[segments.length - 1]!;
    faults.push(
      fault('envelope', `group ${controlNumber} has no GE trailer`, at(where), '3', 'note'),
    );
  }
  const group: FunctionalGroup = {
    functionalId: el(gs, 1),
    sender: el(gs, 2),
    receiver: el(gs, 3),
    date: el(gs, 4),
    time: el(gs, 5),
    controlNumber,
    version: el(gs, 8),
    gs,
    ge: ge?.id === 'GE' ? ge : undefined,
    transactions,
    faults,
  };
  return { group, next: j };
}

/**
 * Reads an X12 interchange without giving up on the first problem: every ISA/IEA, GS/GE and
 * ST/SE pair, control number and count is checked, and each problem is recorded where it belongs
 * (interchange, group or transaction set) with the code its acknowledgement reports. Throws
 * EdiError `not_x12` only when the text cannot be read as X12 at all.
 */
export function readInterchange(text: string): Interchange {
  const { separators, segments } = tokenise(text);
  const isa = segments[0]!;
  const faults: EdiError[] = [];
  const controlNumber = el(isa, 13);
  if (!/^\d{9}$/.test(controlNumber)) {
    faults.push(
      fault(
        'invalid_element',
        `interchange control number must be 9 digits, got "${controlNumber}"`,
        at(isa, 13),
        '018',
        'note',
      ),
    );
  }
  const groups: FunctionalGroup[] = [];
  let i = 1;
  let iea: Segment | undefined;
  while (i < segments.length) {
    const seg = segments[i]!;
    if (seg.id === 'GS') {
      const { group, next } = readGroup(segments, seg, i + 1);
      groups.push(group);
      i = next;
    } else if (seg.id === 'ST') {
      // Sets without a group header: read under a stand-in group, so they can be acknowledged.
      const standIn: Segment = { id: 'GS', position: seg.position, elements: ['GS'] };
      const { group, next } = readGroup(segments, standIn, i);
      group.faults.unshift(
        fault('envelope', 'transaction set without a GS group header', at(seg), '024', 'reject'),
      );
      groups.push(group);
      i = next;
    } else if (seg.id === 'TA1') {
      i++; // an interchange acknowledgement rides between ISA and the groups
    } else if (seg.id === 'IEA') {
      iea = seg;
      i++;
      break;
    } else {
      faults.push(
        fault('structure', `${seg.id} outside a functional group`, at(seg), '024', 'note'),
      );
      i++;
    }
  }
  if (iea) {
    const count = countFault(iea, 1, groups.length, 'IEA-01 group count', '021', 'note');
    const control = controlFault(
      iea,
      2,
      controlNumber,
      'IEA-02 interchange control number',
      '001',
      'note',
    );
    faults.push(...[count, control].filter((f): f is EdiError => f !== undefined));
    const extra = segments[i];
    if (extra) faults.push(fault('envelope', 'segments after IEA', at(extra), '022', 'note'));
  } else {
    const last = segments[segments.length - 1]!;
    faults.push(fault('envelope', 'the interchange has no IEA trailer', at(last), '023', 'note'));
  }
  return {
    separators,
    senderQualifier: el(isa, 5),
    senderId: el(isa, 6),
    receiverQualifier: el(isa, 7),
    receiverId: el(isa, 8),
    date: el(isa, 9),
    time: el(isa, 10),
    controlNumber,
    version: el(isa, 12),
    ackRequested: el(isa, 14) === '1',
    testIndicator: el(isa, 15),
    groups,
    faults,
  };
}

/** Every problem of an interchange, in the order they occur. */
export function allFaults(ix: Interchange): EdiError[] {
  const list = [
    ...ix.faults,
    ...ix.groups.flatMap((g) => [...g.faults, ...g.transactions.flatMap((t) => t.faults)]),
  ];
  return list.sort((a, b) => (a.at?.position ?? 0) - (b.at?.position ?? 0));
}

/**
 * Parses an X12 interchange strictly: the first envelope problem of any kind is thrown as an
 * EdiError naming the segment (and element). `readInterchange` is the lenient reader.
 */
export function parseX12(text: string): Interchange {
  const ix = readInterchange(text);
  const first = allFaults(ix)[0];
  if (first) throw first;
  return ix;
}
