import { EdiError } from '../x12/errors.js';
import { el, required, type Segment } from '../x12/segment.js';

/** One HL level of an 856 and the segments that follow it up to the next HL. */
export interface HlNode {
  hl: Segment;
  id: string;
  level: string;
  segments: Segment[];
  children: HlNode[];
}

/** Which level may sit under which: shipment > order > pack > item. */
const PARENT_LEVEL: Record<string, string | undefined> = { S: undefined, O: 'S', P: 'O', I: 'P' };

/** Builds the HL hierarchy, checking ids, parent references and the level order. */
export function hlTree(segments: readonly Segment[]): { header: Segment[]; roots: HlNode[] } {
  const header: Segment[] = [];
  const roots: HlNode[] = [];
  const byId = new Map<string, HlNode>();
  let current: HlNode | undefined;
  for (const seg of segments) {
    if (seg.id !== 'HL') {
      (current ? current.segments : header).push(seg);
      continue;
    }
    const id = required(seg, 1, 'hierarchical id');
    const parentId = el(seg, 2);
    const level = required(seg, 3, 'hierarchical level code');
    const at = (element: number) => ({ position: seg.position, segmentId: 'HL', element });
    if (!(level in PARENT_LEVEL)) {
      throw new EdiError('unknown_code', `level "${level}" is not one of S, O, P, I`, at(3));
    }
    if (byId.has(id)) throw new EdiError('structure', `hierarchical id ${id} is used twice`, at(1));
    const node: HlNode = { hl: seg, id, level, segments: [], children: [] };
    const expectedParent = PARENT_LEVEL[level];
    if (expectedParent === undefined) {
      if (parentId !== '')
        throw new EdiError('structure', 'a shipment level (S) has no parent', at(2));
      roots.push(node);
    } else {
      const parent = byId.get(parentId);
      if (!parent)
        throw new EdiError(
          'structure',
          `parent HL ${parentId || '(none)'} is not defined before`,
          at(2),
        );
      if (parent.level !== expectedParent) {
        throw new EdiError(
          'structure',
          `level ${level} must be under ${expectedParent}, found under ${parent.level}`,
          at(2),
        );
      }
      parent.children.push(node);
    }
    byId.set(id, node);
    current = node;
  }
  return { header, roots };
}

export function find(
  node: HlNode,
  id: string,
  qualifier?: string,
  qualifierIndex = 1,
): Segment | undefined {
  return node.segments.find(
    (s) => s.id === id && (qualifier === undefined || el(s, qualifierIndex) === qualifier),
  );
}
