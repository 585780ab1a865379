import type { SourceEvent } from '@forewarn/contracts';
import { dottedPath, validateSourceEvent } from '../canonical/validate.js';
import { EdiError } from '../x12/errors.js';
import { parseX12, type Interchange, type TransactionSet } from '../x12/parse.js';
import { map214, type Draft } from './map-214.js';
import { map856 } from './map-856.js';
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

export interface MapOptions {
  /** Overrides the source system the tables give (the CLI's --source). */
  sourceSystem?: string;
}

/** A mapped event that breaks the contract is an EDI problem too: name the transaction set. */
function checked(draft: Draft, tx: TransactionSet): SourceEvent {
  const result = validateSourceEvent(draft);
  if (result.ok) return result.event;
  const problems = result.issues.map((i) => `${dottedPath(i.path)}: ${i.message}`).join('; ');
  throw new EdiError(
    'invalid_element',
    `transaction ${tx.controlNumber} maps to an invalid ${draft.type}: ${problems}`,
    {
      position: tx.st.position,
      segmentId: 'ST',
    },
  );
}

/**
 * Parses an X12 interchange and maps every 214 and 856 transaction set to canonical source
 * events, validated against the contract. Any other transaction set is refused by name.
 */
export function mapInterchange(
  text: string,
  tables: MappingTables,
  opts: MapOptions = {},
): MappedInterchange {
  const interchange = parseX12(text);
  const transactions: MappedTransaction[] = [];
  for (const group of interchange.groups) {
    for (const tx of group.transactions) {
      let drafts: Draft[];
      if (tx.setId === '214') drafts = map214(tx, group, tables, opts);
      else if (tx.setId === '856') drafts = map856(tx, interchange, tables, opts);
      else {
        throw new EdiError(
          'unsupported_transaction',
          `transaction set ${tx.setId} is not supported (214 and 856 are)`,
          {
            position: tx.st.position,
            segmentId: 'ST',
            element: 1,
          },
        );
      }
      const events = drafts.map((d) => checked(d, tx));
      transactions.push({
        setId: tx.setId,
        controlNumber: tx.controlNumber,
        position: tx.st.position,
        events,
      });
    }
  }
  return { interchange, transactions, events: transactions.flatMap((t) => t.events) };
}

/** True when a text looks like an X12 interchange rather than JSON lines. */
export function looksLikeX12(text: string): boolean {
  return /^\uFEFF?\s*ISA/.test(text);
}
