import { EdiError } from '../x12/errors.js';
import { el, required, type Segment } from '../x12/segment.js';

/** One HL level of an 856 and the segments that follow it up to the next HL. */
export interface HlNode {
  hl: Segment;
  id: string;
  parentId: string;
  /** HL-03: S shipment, O order, T tare (pallet), P pack (carton), I item, or a partner's own. */
  level: string;
  segments: Segment[];
  children: HlNode[];
}

const hlError = (seg: Segment, element: number, reason: string) =>
  new EdiError('structure', reason, { position: seg.position, segmentId: 'HL', element });

/**
 * Builds the HL hierarchy from the parent links (HL-02), not from the order the levels come in:
 * S-O-I, S-O-P-I, S-O-T-P-I, S-I and parents sent after their children all read the same. Ids
 * must be unique, every parent must exist (a root's HL-02 is empty or 0), and the links must not
 * loop.
 */
export function hlTree(segments: readonly Segment[]): { header: Segment[]; roots: HlNode[] } {
  const header: Segment[] = [];
  const nodes: HlNode[] = [];
  const byId = new Map<string, HlNode>();
  let current: HlNode | undefined;
  for (const seg of segments) {
    if (seg.id !== 'HL') {
      (current ? current.segments : header).push(seg);
      continue;
    }
    const id = required(seg, 1, 'hierarchical id');
    if (byId.has(id)) throw hlError(seg, 1, `hierarchical id ${id} is used twice`);
    const node: HlNode = {
      hl: seg,
      id,
      parentId: el(seg, 2),
      level: required(seg, 3, 'hierarchical level code').toUpperCase(),
      segments: [],
      children: [],
    };
    byId.set(id, node);
    nodes.push(node);
    current = node;
  }
  const roots: HlNode[] = [];
  for (const node of nodes) {
    // HL-02 "0" (no HL has that id) is how some translators mark a level with no parent
    // (HL*1*0*S): a root, like an empty HL-02.
    if (node.parentId === '' || (/^0+$/.test(node.parentId) && !byId.has(node.parentId))) {
      roots.push(node);
      continue;
    }
    const parent = byId.get(node.parentId);
    if (!parent) throw hlError(node.hl, 2, `parent HL ${node.parentId} does not exist`);
    let p: HlNode | undefined = parent;
    for (let steps = 0; p && steps <= nodes.length; steps++, p = byId.get(p.parentId)) {
      if (p === node) throw hlError(node.hl, 2, `HL ${node.id} is its own ancestor`);
    }
    if (p) throw hlError(node.hl, 2, `the parent links above HL ${node.id} loop`);
    parent.children.push(node);
  }
  return { header, roots };
}

/** The first segment of a node with an id (and qualifier in element `qualifierIndex`). */
export function find(
  node: HlNode,
  id: string,
  qualifier?: string | readonly string[],
  qualifierIndex = 1,
): Segment | undefined {
  const wanted = typeof qualifier === 'string' ? [qualifier] : qualifier;
  return node.segments.find(
    (s) => s.id === id && (wanted === undefined || wanted.includes(el(s, qualifierIndex))),
  );
}

/** Every node under `node` (depth first, in document order) whose level is one of `levels`. */
export function descendants(node: HlNode, levels: readonly string[]): HlNode[] {
  const out: HlNode[] = [];
  const walk = (n: HlNode) => {
    for (const c of n.children) {
      if (levels.includes(c.level)) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out.sort((a, b) => a.hl.position - b.hl.position);
}
