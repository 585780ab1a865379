import type { SourceEvent } from '@forewarn/contracts';
import { dottedPath, validateSourceEvent } from '../canonical/validate.js';
import { EdiError } from '../x12/errors.js';
import { readSeparators } from '../x12/tokenise.js';
import {
  readInterchange,
  type FunctionalGroup,
  type Interchange,
  type TransactionSet,
} from '../x12/parse.js';
import type { Draft } from './map-214.js';
import { map214 } from './map-214.js';
import { map856 } from './map-856.js';
import { senderProfile, type MapContext } from './profile.js';
import type { MappingTables, Strictness } from './tables.js';

export interface ReceiveOptions {
  /** Overrides the source system the tables give (the CLI's --source). */
  sourceSystem?: string;
  /** Source system for a sender no table names (the ingestion edge passes the caller's). */
  defaultSourceSystem?: string;
  /** Overrides the sender's configured strictness. */
  strictness?: Strictness;
}

/** A transaction set's fate, as its AK5/IK5 reports it. */
export type SetStatus = 'accepted' | 'accepted_with_errors' | 'rejected';

export interface ReceivedTransaction {
  setId: string;
  controlNumber: string;
  /** Position of the ST segment, for messages. */
  position: number;
  tx: TransactionSet;
  status: SetStatus;
  /** Every problem found: the refusing ones (severity reject) and the notes. */
  faults: EdiError[];
  /** The canonical events; empty unless the set was accepted. */
  events: SourceEvent[];
}

/** AK9-01/TA1-04: accepted, accepted with errors, partially accepted, rejected. */
export type AckCode = 'A' | 'E' | 'P' | 'R';

export interface ReceivedGroup {
  group: FunctionalGroup;
  status: AckCode;
  /** The group's own problems (AK9-05…), notes unless strict. */
  faults: EdiError[];
  transactions: ReceivedTransaction[];
}

export interface Receipt {
  interchange: Interchange;
  strictness: Strictness;
  /** TA1-04 for the interchange envelope. */
  status: AckCode;
  groups: ReceivedGroup[];
  transactions: ReceivedTransaction[];
  events: SourceEvent[];
}

/** A mapped event that breaks the contract is an EDI problem too: name the transaction set. */
function checked(draft: Draft, tx: TransactionSet): SourceEvent {
  const result = validateSourceEvent(draft);
  if (result.ok) return result.event;
  const problems = result.issues.map((i) => `${dottedPath(i.path)}: ${i.message}`).join('; ');
  throw new EdiError(
    'invalid_element',
    `transaction ${tx.controlNumber} maps to an invalid ${draft.type}: ${problems}`,
    { position: tx.st.position, segmentId: 'ST' },
    { ackCode: '5' },
  );
}

function mapSet(tx: TransactionSet, group: FunctionalGroup, ix: Interchange, ctx: MapContext) {
  if (tx.setId === '214') return map214(tx, group, ctx);
  if (tx.setId === '856') return map856(tx, ix, ctx);
  throw new EdiError(
    'unsupported_transaction',
    `transaction set ${tx.setId} is not supported (214 and 856 are)`,
    { position: tx.st.position, segmentId: 'ST', element: 1 },
    { ackCode: '1' },
  );
}

/** Maps one set; whatever goes wrong inside stays inside it. */
function receiveSet(
  tx: TransactionSet,
  group: FunctionalGroup,
  ix: Interchange,
  base: Omit<MapContext, 'notes'>,
  strict: boolean,
): ReceivedTransaction {
  const out = (status: SetStatus, faults: EdiError[], events: SourceEvent[] = []) => ({
    setId: tx.setId,
    controlNumber: tx.controlNumber,
    position: tx.st.position,
    tx,
    status,
    faults,
    events,
  });
  if (tx.faults.some((f) => f.severity === 'reject')) return out('rejected', tx.faults);
  const ctx: MapContext = { ...base, notes: [] };
  try {
    const events = mapSet(tx, group, ix, ctx).map((d) => checked(d, tx));
    const faults = [...tx.faults, ...ctx.notes];
    if (faults.length === 0) return out('accepted', [], events);
    if (strict) return out('rejected', faults.map(escalate));
    return out('accepted_with_errors', faults, events);
  } catch (err) {
    if (err instanceof EdiError) return out('rejected', [...tx.faults, ...ctx.notes, err]);
    // A mapper bug must not sink the other sets: refuse this one, saying so.
    const reason = `could not be mapped: ${err instanceof Error ? err.message : String(err)}`;
    const fault = new EdiError(
      'structure',
      reason,
      { position: tx.st.position, segmentId: 'ST' },
      { ackCode: '5' },
    );
    return out('rejected', [...tx.faults, fault]);
  }
}

const escalate = (f: EdiError) =>
  f.severity === 'reject'
    ? f
    : new EdiError(f.code, f.reason, f.at, {
        ...(f.ackCode === undefined ? {} : { ackCode: f.ackCode }),
        severity: 'reject',
      });

/**
 * Receives an X12 interchange the way a trading partner expects: every transaction set is read
 * and mapped on its own (one bad set never sinks the rest), envelope faults are reported, and by
 * default (lenient) the well-formed sets are taken even when a group or interchange trailer is
 * wrong or missing. A strict partner's faulty group or interchange is refused whole. Throws
 * EdiError `not_x12` only when the text cannot be read as X12 at all.
 */
export function receiveInterchange(
  text: string,
  tables: MappingTables,
  opts: ReceiveOptions = {},
): Receipt {
  const ix = readInterchange(text);
  const strictness = opts.strictness ?? senderProfile(tables, ix.senderId).strictness;
  const strict = strictness === 'strict';
  const base: Omit<MapContext, 'notes'> = {
    tables,
    ...(opts.sourceSystem ? { sourceSystem: opts.sourceSystem } : {}),
    ...(opts.defaultSourceSystem ? { defaultSourceSystem: opts.defaultSourceSystem } : {}),
  };
  const interchangeRejected =
    ix.faults.some((f) => f.severity === 'reject') || (strict && ix.faults.length > 0);
  const groups = ix.groups.map((group): ReceivedGroup => {
    const transactions = group.transactions.map((tx) => receiveSet(tx, group, ix, base, strict));
    const groupRejected =
      interchangeRejected ||
      group.faults.some((f) => f.severity === 'reject') ||
      (strict && group.faults.length > 0);
    const faults = strict || groupRejected ? group.faults.map(escalate) : group.faults;
    const taken = transactions.filter((t) => t.status !== 'rejected');
    let status: AckCode;
    if (groupRejected || (transactions.length > 0 && taken.length === 0)) status = 'R';
    else if (taken.length < transactions.length) status = 'P';
    else if (faults.length > 0 || taken.some((t) => t.status === 'accepted_with_errors'))
      status = 'E';
    else status = 'A';
    // A refused group hands nothing on, whatever its sets looked like.
    const kept = status === 'R' ? transactions.map((t) => ({ ...t, events: [] })) : transactions;
    return { group, status, faults, transactions: kept };
  });
  const transactions = groups.flatMap((g) => g.transactions);
  const status: AckCode = interchangeRejected ? 'R' : ix.faults.length > 0 ? 'E' : 'A';
  return {
    interchange: ix,
    strictness,
    status,
    groups,
    transactions,
    events: transactions.flatMap((t) => t.events),
  };
}

/** Every problem of a receipt, in document order. */
export function receiptFaults(r: Receipt): EdiError[] {
  return [
    ...r.interchange.faults,
    ...r.groups.flatMap((g) => [...g.faults, ...g.transactions.flatMap((t) => t.faults)]),
  ].sort((a, b) => (a.at?.position ?? 0) - (b.at?.position ?? 0));
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The interchanges of a file: VANs and carriers batch several ISA…IEA envelopes in one
 * transmission, and a VAN mailbox hands over what several partners sent, each with its own
 * delimiters. Each part is split where its own segment terminator is followed by another ISA
 * (ISA and a delimiter), and the part after it is read with the separators of its own ISA.
 * Throws EdiError `not_x12` when the text does not start as X12.
 */
export function splitInterchanges(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (;;) {
    const { segment } = readSeparators(rest);
    const boundary = new RegExp(`${escape(segment)}\\s*(?=ISA[^A-Za-z0-9\\s])`, 'g');
    boundary.lastIndex = rest.search(/ISA/) + 3; // past the first ISA's own name
    const m = boundary.exec(rest);
    if (!m) break;
    parts.push(rest.slice(0, m.index + segment.length));
    rest = rest.slice(m.index + m[0].length);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '');
}

/** Every interchange of a file, received one after the other (see receiveInterchange). */
export function receiveInterchanges(
  text: string,
  tables: MappingTables,
  opts: ReceiveOptions = {},
): Receipt[] {
  return splitInterchanges(text).map((part) => receiveInterchange(part, tables, opts));
}

/** The overall verdict of a transmission: the worst TA1 or AK9 status of its interchanges. */
export function overallStatus(receipts: readonly Receipt[]): AckCode {
  const order: readonly AckCode[] = ['A', 'E', 'P', 'R'];
  let worst = 0;
  for (const r of receipts) {
    worst = Math.max(worst, order.indexOf(r.status));
    for (const g of r.groups) worst = Math.max(worst, order.indexOf(g.status));
  }
  return order[worst]!;
}
