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

/**
 * Reads the separators from the ISA segment: the element separator is the 4th character, the
 * component separator is ISA-16 and the segment terminator the character after it. Counting
 * separators instead of trusting the fixed 106-character length tolerates badly padded ISAs.
 */
export function readSeparators(text: string): Separators {
  if (!text.startsWith('ISA') || text.length < 4) {
    throw new EdiError('not_x12', 'an X12 interchange must start with an ISA segment');
  }
  const element = text.charAt(3);
  let seen = 0;
  let i = 3;
  for (; i < text.length && seen < ISA_ELEMENTS; i++) if (text.charAt(i) === element) seen++;
  const component = text.charAt(i);
  const segment = text.charAt(i + 1);
  if (seen < ISA_ELEMENTS || component === '' || segment === '') {
    throw new EdiError('envelope', 'ISA segment is truncated (16 elements expected)', {
      position: 1,
      segmentId: 'ISA',
    });
  }
  const isa = text.slice(0, i - 1).split(element);
  const version = (isa[12] ?? '').trim();
  const repetition = version >= '00501' ? isa[11] : undefined;
  return { element, segment, component, repetition };
}

/** Splits an interchange into segments, ignoring line breaks around segment terminators. */
export function tokenise(input: string): { separators: Separators; segments: Segment[] } {
  const text = input.replace(/^\uFEFF/, '').trimStart();
  const separators = readSeparators(text);
  const segments: Segment[] = [];
  for (const raw of text.split(separators.segment)) {
    const body = raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
    if (body.trim() === '') continue;
    const elements = body.split(separators.element);
    const id = (elements[0] ?? '').trim();
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id)) {
      throw new EdiError('structure', `"${id.slice(0, 10)}" is not a segment id`, {
        position: segments.length + 1,
        segmentId: id.slice(0, 3) || '?',
      });
    }
    segments.push({ id, position: segments.length + 1, elements });
  }
  return { separators, segments };
}
