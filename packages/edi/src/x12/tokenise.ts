import { EdiError } from './errors.js';
import type { Segment } from './segment.js';

export interface Separators {
  element: string;
  segment: string;
  component: string;
  /** ISA-11 from version 00501 on; in 00401 that element is the standards id (U), not a separator. */
  repetition: string | undefined;
}

const ISA_ELEMENTS = 16;
const LINE_BREAK = /[\r\n]/;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** The end-of-file mark (Ctrl-Z) of DOS-era transfers. */
const SUB = '\u001a';

const notX12 = (reason: string) => new EdiError('not_x12', reason);

/**
 * Drops what transfers put around an interchange: before the ISA a byte-order mark, blank lines,
 * NULs from padded transfers; after it the end-of-file mark (SUB, 0x1A) that DOS-era and mainframe
 * gateways append, which is no segment (read as one, it made a strict partner's clean file a
 * rejected interchange: "segments after IEA").
 */
function stripLead(input: string): string {
  const text = input.replaceAll('\0', '').replace(/^[\uFEFF\s]+/, '');
  // Cut at the first SUB of the run of SUBs and whitespace the text ends with, if any.
  let cut = text.length;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === SUB) cut = i;
    else if (!/\s/.test(c)) break;
  }
  return text.slice(0, cut);
}

interface IsaScan {
  separators: Separators;
  /** ISA's elements, line breaks inside it removed. */
  isa: string[];
  /** Index of the first character after the segment terminator that closes ISA. */
  end: number;
}

/**
 * Finds the separators the way the standard places them (element separator at position 4,
 * component separator at 105, segment terminator at 106), but by counting ISA's 16 element
 * separators rather than trusting the fixed width, so a short-padded ISA or one broken across
 * lines still reads.
 */
function scanIsa(text: string): IsaScan {
  if (!text.startsWith('ISA')) {
    const head = JSON.stringify(text.slice(0, 20));
    throw notX12(`an X12 interchange starts with an ISA segment; this starts with ${head}`);
  }
  const element = text.charAt(3);
  if (element === '' || /[A-Za-z0-9\s]/.test(element)) {
    throw notX12(`ISA's element separator (4th character) cannot be ${JSON.stringify(element)}`);
  }
  let seen = 0;
  let i = 3;
  for (; i < text.length && seen < ISA_ELEMENTS; i++) if (text.charAt(i) === element) seen++;
  while (LINE_BREAK.test(text.charAt(i))) i++;
  const component = text.charAt(i);
  const segment = text.charAt(i + 1);
  if (seen < ISA_ELEMENTS || component === '' || segment === '') {
    throw notX12(`the ISA segment is cut short (${seen} of 16 elements, no segment terminator)`);
  }
  if (/[A-Za-z0-9 ]/.test(segment) || segment === element || segment === component) {
    throw notX12(
      `ISA has no usable segment terminator after ISA-16 (found ${JSON.stringify(segment)})`,
    );
  }
  const isa = text
    .slice(0, i)
    .replace(/[\r\n]/g, '')
    .split(element)
    .slice(0, ISA_ELEMENTS + 1);
  const version = (isa[12] ?? '').trim();
  const repetition = version >= '00501' ? isa[11] : undefined;
  return { separators: { element, segment, component, repetition }, isa, end: i + 2 };
}

/** The separators of an interchange, read from its ISA segment. */
export function readSeparators(text: string): Separators {
  return scanIsa(stripLead(text)).separators;
}

/**
 * Splits an interchange into segments. Tolerates what real senders do: a byte-order mark,
 * CR/LF after segments, lines wrapped at a fixed width inside segments (when the terminator is
 * not itself a line break), a line break inside ISA. Segment ids are not judged here; the
 * envelope reader reports a bad one where it sits. Throws only when the text is not X12 at all.
 */
export function tokenise(input: string): { separators: Separators; segments: Segment[] } {
  const text = stripLead(input);
  const { separators, isa, end } = scanIsa(text);
  const segments: Segment[] = [{ id: 'ISA', position: 1, elements: isa }];
  const terminatorIsBreak = LINE_BREAK.test(separators.segment);
  const rest = terminatorIsBreak
    ? text.slice(end).replace(separators.segment === '\n' ? /\r/g : /\n/g, '')
    : text.slice(end).replace(/[\r\n]/g, '');
  for (const raw of rest.split(separators.segment)) {
    const body = raw.trim();
    if (body === '') continue;
    const elements = body.split(separators.element);
    const id = (elements[0] ?? '').trim();
    segments.push({
      // A bad id is kept printable, so messages and acknowledgements can name it.
      id: SEGMENT_ID.test(id) ? id : id.slice(0, 3).replace(/[^A-Za-z0-9]/g, '?') || '?',
      position: segments.length + 1,
      elements,
      ...(SEGMENT_ID.test(id) ? {} : { badId: true }),
    });
  }
  return { separators, segments };
}
