import type { SourceEvent } from '@forewarn/contracts';
import type { Interchange } from '../x12/parse.js';
import { receiptFaults, receiveInterchange, type ReceiveOptions } from './receive.js';
import type { MappingTables } from './tables.js';

export interface MappedTransaction {
  setId: string;
  controlNumber: string;
  /** Position of the ST segment, for messages. */
  position: number;
  events: SourceEvent[];
}

export interface MappedInterchange {
  interchange: Interchange;
  transactions: MappedTransaction[];
  events: SourceEvent[];
}

export type MapOptions = ReceiveOptions;

/**
 * Maps an interchange all or nothing: the first problem of any kind (envelope, mapping, a note a
 * lenient receiver would take) is thrown as an EdiError naming the segment and element. For
 * checking a file before sending it; `receiveInterchange` is what a trading partner gets.
 */
export function mapInterchange(
  text: string,
  tables: MappingTables,
  opts: MapOptions = {},
): MappedInterchange {
  const receipt = receiveInterchange(text, tables, opts);
  const first = receiptFaults(receipt)[0];
  if (first) throw first;
  const transactions = receipt.transactions.map((t) => ({
    setId: t.setId,
    controlNumber: t.controlNumber,
    position: t.position,
    events: t.events,
  }));
  return { interchange: receipt.interchange, transactions, events: receipt.events };
}

/** True when a text looks like an X12 interchange rather than JSON lines. */
export function looksLikeX12(text: string): boolean {
  return /^[\uFEFF\s]*ISA/.test(text.replaceAll('\0', ''));
}
