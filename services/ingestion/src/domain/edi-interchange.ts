import { EdiError, overallStatus, type Receipt, type SetStatus } from '@forewarn/edi';

/** An interchange's verdict, the worst of its TA1 and AK9s. */
export type InterchangeStatus =
  'accepted' | 'accepted_with_errors' | 'partially_accepted' | 'rejected';

/** A recorded transmission's verdict: one of an interchange's, or unreadable (no ISA to judge). */
export type RecordedStatus = InterchangeStatus | 'unreadable';

const STATUS_OF = {
  A: 'accepted',
  E: 'accepted_with_errors',
  P: 'partially_accepted',
  R: 'rejected',
} as const;

export interface SetIssue {
  path: string;
  code: string;
  message: string;
}

export interface SetResult {
  /** GS-06 of the group the set came in. */
  group: string;
  setId: string;
  controlNumber: string;
  status: SetStatus;
  issues: SetIssue[];
}

export interface InterchangeGroup {
  functionalId: string;
  controlNumber: string;
  version: string;
  status: InterchangeStatus;
}

/** What is kept of one received interchange: who sent it, what was in it, what we answered. */
export interface InterchangeRecord {
  id: string;
  sourceSystem: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA-13. */
  controlNumber: string;
  /** ISA-12. */
  version: string;
  groups: InterchangeGroup[];
  transactionSets: SetResult[];
  status: InterchangeStatus;
  /** The first interchange with this sender and ISA-13, when this one repeats it. */
  duplicateOf: string | null;
  /** The 997 and/or 999 (with a TA1 when the envelope called for one), as returned. */
  acknowledgement: string;
  receivedAt: Date;
}

/** `/segments/<position>/<segment>-<element>`: where a problem is, as an issue path. */
function pathOf(err: EdiError): string {
  const at = err.at;
  if (!at) return '';
  const element = at.element === undefined ? '' : `-${String(at.element).padStart(2, '0')}`;
  return `/segments/${at.position}/${at.segmentId}${element}`;
}

export const issueOf = (err: EdiError): SetIssue => ({
  path: pathOf(err),
  code: err.code,
  message: err.message,
});

/** Each transaction set with its fate and reasons; a refused group refuses every set in it. */
export function setResults(receipt: Receipt): SetResult[] {
  return receipt.groups.flatMap((g) =>
    g.transactions.map((t) => ({
      group: g.group.controlNumber,
      setId: t.setId,
      controlNumber: t.controlNumber,
      status: g.status === 'R' ? ('rejected' as const) : t.status,
      issues: [...g.faults, ...t.faults].map(issueOf),
    })),
  );
}

/** The key X12 says an interchange is unique by: the sender (ISA-05/06) and its ISA-13. */
export const duplicateKey = (receipt: Receipt) => ({
  senderQualifier: receipt.interchange.senderQualifier.trim(),
  senderId: receipt.interchange.senderId.trim(),
  controlNumber: receipt.interchange.controlNumber.trim(),
});

/**
 * The receipt of an interchange whose ISA-13 this sender already used: the TA1 reports note 025
 * (duplicate interchange control number). Events are idempotent downstream, so a lenient partner's
 * sets are still taken (a resend after a fix loses nothing); a strict partner's is refused whole.
 */
export function asDuplicate(receipt: Receipt): Receipt {
  const ix = receipt.interchange;
  const strict = receipt.strictness === 'strict';
  const note = new EdiError(
    'control_number',
    `interchange control number ${ix.controlNumber.trim()} was already received from this sender`,
    { position: 1, segmentId: 'ISA', element: 13 },
    { ackCode: '025', severity: strict ? 'reject' : 'note' },
  );
  const interchange = { ...ix, faults: [note, ...ix.faults] };
  if (!strict) {
    return { ...receipt, interchange, status: receipt.status === 'R' ? 'R' : 'E' };
  }
  const groups = receipt.groups.map((g) => ({
    ...g,
    status: 'R' as const,
    transactions: g.transactions.map((t) => ({ ...t, events: [] })),
  }));
  return {
    ...receipt,
    interchange,
    status: 'R',
    groups,
    transactions: groups.flatMap((g) => g.transactions),
    events: [],
  };
}

/** The record of one received interchange, built from its receipt and the acknowledgement sent. */
export function interchangeRecord(
  receipt: Receipt,
  acknowledgement: string,
  at: { id: string; sourceSystem: string; receivedAt: Date; duplicateOf: string | null },
): InterchangeRecord {
  const ix = receipt.interchange;
  return {
    id: at.id,
    sourceSystem: at.sourceSystem,
    senderQualifier: ix.senderQualifier.trim(),
    senderId: ix.senderId.trim(),
    receiverQualifier: ix.receiverQualifier.trim(),
    receiverId: ix.receiverId.trim(),
    controlNumber: ix.controlNumber.trim(),
    version: ix.version.trim(),
    groups: receipt.groups.map((g) => ({
      functionalId: g.group.functionalId,
      controlNumber: g.group.controlNumber,
      version: g.group.version,
      status: STATUS_OF[g.status],
    })),
    transactionSets: setResults(receipt),
    status: STATUS_OF[overallStatus([receipt])],
    duplicateOf: at.duplicateOf,
    acknowledgement,
    receivedAt: at.receivedAt,
  };
}

/** How much of an unreadable body is kept: an ISA is 106 characters, so this shows what came instead. */
export const EXCERPT_CHARS = 200;

/** What is kept of a transmission that could not be read as X12: who sent it, why, how it began. */
export interface UnreadableRecord {
  id: string;
  sourceSystem: string;
  refusal: SetIssue;
  excerpt: string;
  sizeBytes: number;
  receivedAt: Date;
}

export function unreadableRecord(
  err: EdiError,
  body: string,
  at: { id: string; sourceSystem: string; receivedAt: Date },
): UnreadableRecord {
  return {
    ...at,
    refusal: issueOf(err),
    // Control characters (separators of a damaged file, binary) are shown as escapes.
    excerpt: JSON.stringify(body.slice(0, EXCERPT_CHARS)).slice(1, -1),
    sizeBytes: Buffer.byteLength(body),
  };
}
