import { EdiError } from './errors.js';
import { el, intElement, required, type Segment } from './segment.js';
import { tokenise, type Separators } from './tokenise.js';

export interface TransactionSet {
  /** ST-01: 214, 856… */
  setId: string;
  controlNumber: string;
  /** The segments between ST and SE. */
  segments: Segment[];
  st: Segment;
}

export interface FunctionalGroup {
  functionalId: string;
  sender: string;
  receiver: string;
  date: string;
  time: string;
  controlNumber: string;
  transactions: TransactionSet[];
}

export interface Interchange {
  separators: Separators;
  senderId: string;
  receiverId: string;
  controlNumber: string;
  version: string;
  testIndicator: string;
  groups: FunctionalGroup[];
}

/** Walks the segments with one cursor, so every check can name the segment it stopped at. */
class Cursor {
  private i = 0;
  constructor(private readonly segments: Segment[]) {}
  peek(): Segment | undefined {
    return this.segments[this.i];
  }
  expect(id: string, context: string): Segment {
    const seg = this.segments[this.i];
    if (!seg) {
      const last = this.segments[this.segments.length - 1];
      throw new EdiError('envelope', `${id} expected ${context}, but the interchange ended`, {
        position: (last?.position ?? 0) + 1,
        segmentId: id,
      });
    }
    if (seg.id !== id) {
      throw new EdiError('envelope', `${id} expected ${context}, found ${seg.id}`, {
        position: seg.position,
        segmentId: seg.id,
      });
    }
    this.i++;
    return seg;
  }
  next(): Segment | undefined {
    return this.segments[this.i++];
  }
}

function checkControl(trailer: Segment, index: number, expected: string, what: string): void {
  const actual = required(trailer, index, what);
  if (actual !== expected) {
    throw new EdiError('control_number', `${what} ${actual} does not match ${expected}`, {
      position: trailer.position,
      segmentId: trailer.id,
      element: index,
    });
  }
}

function checkCount(trailer: Segment, index: number, actual: number, what: string): void {
  const declared = intElement(trailer, index, what);
  if (declared !== actual) {
    throw new EdiError('segment_count', `${what} says ${declared}, counted ${actual}`, {
      position: trailer.position,
      segmentId: trailer.id,
      element: index,
    });
  }
}

function parseTransaction(cur: Cursor): TransactionSet {
  const st = cur.expect('ST', 'to open a transaction set');
  const setId = required(st, 1, 'transaction set identifier');
  const controlNumber = required(st, 2, 'transaction set control number');
  const segments: Segment[] = [];
  for (let seg = cur.next(); ; seg = cur.next()) {
    if (!seg || ['ST', 'GE', 'GS', 'IEA'].includes(seg.id)) {
      throw new EdiError('envelope', `transaction set ${controlNumber} has no SE trailer`, {
        position: seg?.position ?? st.position,
        segmentId: seg?.id ?? 'ST',
      });
    }
    if (seg.id === 'SE') {
      checkCount(seg, 1, segments.length + 2, 'SE-01 segment count');
      checkControl(seg, 2, controlNumber, 'SE-02 control number');
      return { setId, controlNumber, segments, st };
    }
    segments.push(seg);
  }
}

function parseGroup(cur: Cursor): FunctionalGroup {
  const gs = cur.expect('GS', 'to open a functional group');
  const controlNumber = required(gs, 6, 'group control number');
  const transactions: TransactionSet[] = [];
  while (cur.peek()?.id === 'ST') transactions.push(parseTransaction(cur));
  const ge = cur.expect('GE', `to close group ${controlNumber}`);
  checkCount(ge, 1, transactions.length, 'GE-01 transaction set count');
  checkControl(ge, 2, controlNumber, 'GE-02 group control number');
  return {
    functionalId: el(gs, 1),
    sender: el(gs, 2),
    receiver: el(gs, 3),
    date: el(gs, 4),
    time: el(gs, 5),
    controlNumber,
    transactions,
  };
}

/**
 * Parses an X12 interchange and checks its envelopes: ISA/IEA, GS/GE and ST/SE pairs, their
 * control numbers and counts. Throws EdiError naming the segment (and element) at fault.
 */
export function parseX12(text: string): Interchange {
  const { separators, segments } = tokenise(text);
  const cur = new Cursor(segments);
  const isa = cur.expect('ISA', 'first');
  const controlNumber = required(isa, 13, 'interchange control number');
  if (!/^\d{9}$/.test(controlNumber)) {
    throw new EdiError('invalid_element', 'interchange control number must be 9 digits', {
      position: isa.position,
      segmentId: 'ISA',
      element: 13,
    });
  }
  const groups: FunctionalGroup[] = [];
  while (cur.peek()?.id === 'GS') groups.push(parseGroup(cur));
  const iea = cur.expect('IEA', 'to close the interchange');
  checkCount(iea, 1, groups.length, 'IEA-01 group count');
  checkControl(iea, 2, controlNumber, 'IEA-02 interchange control number');
  const extra = cur.next();
  if (extra) {
    throw new EdiError('envelope', 'segments after IEA', {
      position: extra.position,
      segmentId: extra.id,
    });
  }
  return {
    separators,
    senderId: el(isa, 6),
    receiverId: el(isa, 8),
    controlNumber,
    version: el(isa, 12),
    testIndicator: el(isa, 15),
    groups,
  };
}
