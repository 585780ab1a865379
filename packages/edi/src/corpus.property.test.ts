import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acknowledge } from './ack/acknowledge.js';
import { mapInterchange } from './mapping/map-interchange.js';
import { receiveInterchange, receiveInterchanges } from './mapping/receive.js';
import { loadMappingTables } from './mapping/tables.js';
import { EdiError } from './x12/errors.js';
import { readSeparators } from './x12/tokenise.js';

const tables = loadMappingTables();
const corpus = new URL('../corpus/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', corpus), 'utf8')) as Record<
  string,
  { expect: { status: string } }
>;
const texts = Object.entries(manifest)
  .filter(([, m]) => m.expect.status !== 'refused')
  .map(([name]) => readFileSync(new URL(name, corpus), 'utf8'));

/** One edit a careless sender, a VAN or a broken transfer makes to a file. */
type Mutation =
  | { op: 'drop' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'delimiter'; from: 'element' | 'segment' | 'component'; to: string; everywhere: boolean }
  | { op: 'flip'; at: number; to: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    op: fc.constant('delimiter' as const),
    from: fc.constantFrom('element' as const, 'segment' as const, 'component' as const),
    to: fc.constantFrom('|', '*', '~', '\n', '^', ':', '>', 'A', ' ', '\u001d'),
    everywhere: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.nat(),
    to: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  if (m.op === 'flip') {
    const i = m.at % Math.max(text.length, 1);
    return text.slice(0, i) + String.fromCharCode(m.to) + text.slice(i + 1);
  }
  if (m.op === 'truncate') return text.slice(0, m.at % Math.max(text.length, 1));
  let sep;
  try {
    sep = readSeparators(text);
  } catch {
    return text;
  }
  if (m.op === 'delimiter') {
    const from = sep[m.from];
    return m.everywhere ? text.replaceAll(from, m.to) : text.replace(from, m.to);
  }
  const segments = text.split(sep.segment);
  const n = segments.length;
  const i = m.at % n;
  if (m.op === 'drop') segments.splice(i, 1);
  else if (m.op === 'duplicate') segments.splice(i, 0, segments[i]!);
  else if (m.op === 'swap') {
    const j = m.with % n;
    [segments[i], segments[j]] = [segments[j]!, segments[i]!];
  }
  return segments.join(sep.segment);
}

const now = new Date('2025-03-07T12:00:00Z');

describe('mutated corpus files: no crash, every input mapped or rejected with a reason', () => {
  it('receiveInterchange and acknowledge never throw anything but not_x12, and every set is accounted for', () => {
    const seen = { refused: 0, rejected: 0, taken: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (original, mutations) => {
          const text = mutations.reduce(apply, original);
          let receipts;
          try {
            receipts = receiveInterchanges(text, tables);
          } catch (err) {
            expect(err).toBeInstanceOf(EdiError);
            expect((err as EdiError).code).toBe('not_x12');
            expect((err as EdiError).reason.length).toBeGreaterThan(10);
            seen.refused++;
            return;
          }
          for (const t of receipts.flatMap((r) => r.transactions)) {
            if (t.status === 'rejected') {
              const why = t.faults.find((f) => f.severity === 'reject');
              expect(why, `set ${t.controlNumber} rejected without a reason`).toBeDefined();
              expect(why!.at?.segmentId).toMatch(/^\S+$/);
              expect(why!.message).toMatch(/^segment \d+ \(/);
              expect(t.events).toEqual([]);
              seen.rejected++;
            } else {
              seen.taken++;
              expect(t.faults.every((f) => f.severity === 'note')).toBe(true);
            }
          }
          for (const receipt of receipts) {
            const ack = acknowledge(receipt, tables, { now });
            expect(ack.startsWith('ISA*')).toBe(true);
            // The acknowledgement itself always reads back cleanly, one set per group received,
            // each under a GS-08 that is a version whatever was left of the group's own.
            const back = receiveInterchange(ack, tables).interchange;
            expect(back.faults).toEqual([]);
            expect(back.groups.flatMap((g) => g.transactions)).toHaveLength(receipt.groups.length);
            for (const g of back.groups) expect(g.version).toMatch(/^\d{6}[A-Za-z0-9]{0,6}$/);
          }
        },
      ),
      { numRuns: 600, seed: 2026 },
    );
    // The mutations reach every outcome, so the property is not passing on untouched files.
    expect(seen.refused).toBeGreaterThan(10);
    expect(seen.rejected).toBeGreaterThan(50);
    expect(seen.taken).toBeGreaterThan(50);
  });

  it('mapInterchange either maps or throws an EdiError naming where', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (original, mutations) => {
          const text = mutations.reduce(apply, original);
          try {
            mapInterchange(text, tables);
          } catch (err) {
            expect(err).toBeInstanceOf(EdiError);
            const e = err as EdiError;
            if (e.code !== 'not_x12') expect(e.at?.segmentId).toBeTruthy();
          }
        },
      ),
      { numRuns: 400, seed: 13 },
    );
  });

  it('a file whose every delimiter is swapped consistently still maps the same', () => {
    const original = texts[0]!;
    const swapped = original.replaceAll('*', '|').replaceAll('~', '\u001c');
    expect(receiveInterchange(swapped, tables).events).toEqual(
      receiveInterchange(original, tables).events,
    );
  });
});

describe('a VAN mailbox: interchanges with their own delimiters, one after the other', () => {
  // Files of one interchange whose sets are all taken, each with its own delimiters.
  const singles = [
    '214-ups-4010-four-loops.edi',
    '214-fedex-5010-pipe-newline.edi',
    '214-odd-terminators.edi',
    '214-control-character-delimiters.edi',
    '214-bom-crlf.edi',
    '856-s-i-5010-ean.edi',
  ].map((name) => {
    const text = readFileSync(new URL(name, corpus), 'utf8').replace(/^\uFEFF/, '');
    return { name, text, events: receiveInterchange(text, tables).events.length };
  });

  it('reads each as it would be read alone, whatever the order and the line breaks between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...singles), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('', '\n', '\r\n', '\n\n'),
        (files, gap) => {
          const receipts = receiveInterchanges(files.map((f) => f.text).join(gap), tables);
          expect(receipts.map((r) => r.interchange.senderId)).toEqual(
            files.map((f) => receiveInterchange(f.text, tables).interchange.senderId),
          );
          expect(receipts.map((r) => r.events.length)).toEqual(files.map((f) => f.events));
          expect(receipts.flatMap((r) => r.interchange.faults)).toEqual([]);
        },
      ),
    );
  });
});
