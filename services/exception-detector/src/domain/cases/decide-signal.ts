import type { DetectorPolicy } from '../policy.js';
import type { Clearance, Detection } from '../rules/signals.js';
import type { Subject } from '../types.js';
import { chain, type Case, type Decision } from './case.js';
import { absorbRequests } from './customer-request.js';
import { addEvidence, autoResolve, chronicDetection, openCase } from './decide-detection.js';
import { decideNotified, type NoticeSent } from './notified.js';

/** What deciding on a detection or clearance reads, loaded before deciding (workflow/engine.ts). */
export interface SignalFacts {
  /** The open case of the signal's subject and type. */
  open?: Case;
  /** A case of this type (open or long resolved) already cites the detection's evidence. */
  citedBefore?: boolean;
  /** The first notice sent about the detection's event: the notifier may have been faster. */
  told?: NoticeSent;
  /** The customer's cases of this type within the repeat window, newest first. */
  prior?: readonly { caseId: string; openedAt: string }[];
  /** The open cases about what a new case would be about: requests it takes over. */
  around?: readonly Case[];
}

/** The order and shipment a case is about: its subject and what its party names. */
export function subjectsAround(c: Pick<Case, 'subject' | 'party'>): Subject[] {
  const all: Subject[] = [c.subject];
  if (c.party.orderId) all.push({ kind: 'order', id: c.party.orderId });
  if (c.party.shipmentId) all.push({ kind: 'shipment', id: c.party.shipmentId });
  return all.filter((x, i) => all.findIndex((y) => y.kind === x.kind && y.id === x.id) === i);
}

/**
 * One detection or clearance on the one open case per (subject, type): the decisions to write,
 * in order, and the detections they call for next (a repeat incident's chronic case).
 */
export function decideSignal(
  s: Detection | Clearance,
  f: SignalFacts,
  ctx: { policy: DetectorPolicy; now: Date },
): { decisions: Decision[]; next: Detection[] } {
  const none = { decisions: [], next: [] };
  if (s.kind === 'clear') {
    const cited = !s.onlyCiting || f.open?.evidence.some((e) => e.eventId === s.onlyCiting);
    return f.open && cited ? { decisions: [autoResolve(f.open, s, ctx.now)], next: [] } : none;
  }
  // Rules judged again over accumulated facts repeat their detections: evidence a case of this
  // type already cites never opens another.
  if (!f.open && f.citedBefore) return none;
  const withNotice = (d: Decision): Decision =>
    f.told ? chain(d, (c) => decideNotified(c, f.told!, ctx.now)) : d;
  if (f.open) return { decisions: [withNotice(addEvidence(f.open, s, ctx))], next: [] };
  const prior = f.prior ?? [];
  const opened = withNotice(openCase(s, { ...ctx, priorIncidents: prior }));
  // A proactive case just opened takes over the customer's open requests about the same thing.
  const { proactive, merged } = absorbRequests(opened.case, f.around ?? [], ctx.now);
  const repeat = { kind: 'repeat' as const, count: prior.length + 1 };
  const chronic =
    opened.case.rcaRequired && prior.length > 0
      ? chronicDetection(opened.case, repeat, ctx.policy, ctx.now)
      : undefined;
  return { decisions: [opened, proactive, ...merged], next: chronic ? [chronic] : [] };
}
