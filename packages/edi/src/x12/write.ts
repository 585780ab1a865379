import type { Separators } from './tokenise.js';

/** Body segments of one transaction set, elements without the segment id's own position. */
export interface TransactionDraft {
  setId: string;
  controlNumber: string;
  /** Segments between ST and SE: `['B10', 'tracking', …]`. */
  segments: readonly (readonly string[])[];
}

export interface GroupDraft {
  /** GS-01: QM for 214, SH for 856. */
  functionalId: string;
  sender: string;
  receiver: string;
  /** CCYYMMDD and HHMM[SS], in the partner's time code (GS has no time code element). */
  date: string;
  time: string;
  controlNumber: string;
  /** GS-08, e.g. 004010. */
  version: string;
  transactions: readonly TransactionDraft[];
}

export interface InterchangeDraft {
  senderId: string;
  receiverId: string;
  /** ISA-09/10: YYMMDD, HHMM. */
  date: string;
  time: string;
  /** ISA-13, 1 to 999999999. */
  controlNumber: number;
  /** ISA-12: 00401 (default) or 00501. */
  version?: string;
  testIndicator?: 'P' | 'T';
  groups: readonly GroupDraft[];
}

export const DEFAULT_SEPARATORS: Separators = {
  element: '*',
  segment: '~',
  component: '>',
  repetition: undefined,
};

const pad = (s: string, n: number) => s.slice(0, n).padEnd(n, ' ');

/**
 * Writes an interchange: ISA with its fixed-width fields, GS/GE and ST/SE around the given
 * segments, with the counts and control numbers the parser checks. A separator inside an
 * element would change the structure, so it is refused rather than written.
 */
export function writeX12(
  ic: InterchangeDraft,
  separators: Separators = DEFAULT_SEPARATORS,
): string {
  const { element: e, segment: s, component: c } = separators;
  const version = ic.version ?? '00401';
  const reserved = [e, s, c, ...(separators.repetition ? [separators.repetition] : [])];
  const line = (elements: readonly string[]) => {
    for (const v of elements) {
      const bad = reserved.find((r) => v.includes(r));
      if (bad !== undefined)
        throw new Error(`element "${v}" of ${elements[0]} contains the separator "${bad}"`);
    }
    return elements.join(e) + s;
  };
  const control = String(ic.controlNumber).padStart(9, '0');
  if (!/^\d{9}$/.test(control) || ic.controlNumber < 1)
    throw new Error(`ISA control number must be 1 to 999999999, got ${ic.controlNumber}`);
  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    'ZZ',
    pad(ic.senderId, 15),
    'ZZ',
    pad(ic.receiverId, 15),
    ic.date,
    ic.time,
    version >= '00501' ? (separators.repetition ?? '^') : 'U',
    version,
    control,
    '0',
    ic.testIndicator ?? 'P',
  ];
  const out = [isa.join(e) + e + c + s];
  for (const g of ic.groups) {
    out.push(
      line([
        'GS',
        g.functionalId,
        g.sender,
        g.receiver,
        g.date,
        g.time,
        g.controlNumber,
        'X',
        g.version,
      ]),
    );
    for (const tx of g.transactions) {
      out.push(line(['ST', tx.setId, tx.controlNumber]));
      for (const seg of tx.segments) out.push(line(seg));
      out.push(line(['SE', String(tx.segments.length + 2), tx.controlNumber]));
    }
    out.push(line(['GE', String(g.transactions.length), g.controlNumber]));
  }
  out.push(line(['IEA', String(ic.groups.length), control]));
  return out.join('\n');
}
