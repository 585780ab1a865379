import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acknowledge } from './ack/acknowledge.js';
import { overallStatus, receiveInterchanges } from './mapping/receive.js';
import { loadMappingTables } from './mapping/tables.js';
import { EdiError } from './x12/errors.js';

const tables = loadMappingTables();
const corpus = new URL('../corpus/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, corpus), 'utf8');

interface Rejection {
  set: string;
  segment: string;
  element: number | null;
  ak4?: string;
  ak3?: string;
  ak5?: string;
}
interface Expectation {
  status: 'A' | 'E' | 'P' | 'R' | 'refused';
  events?: number;
  reason?: string;
  ta1?: string;
  ak9?: string;
  times?: string[];
  reasons?: (string | null)[];
  tracking?: string[];
  /** The ship-confirm's (first event's) trackingNumbers. */
  trackingNumbers?: string[];
  /** The ship-confirm's (first event's) carton ids. */
  cartonIds?: string[];
  rejected?: Rejection[];
  notes?: { segment: string; element: number; ak4: string }[];
  carrier?: string;
  orderId?: string;
  cartons?: number;
  international?: boolean;
  shippedAt?: string;
  interchanges?: number;
}
const manifest = JSON.parse(read('manifest.json')) as Record<
  string,
  { expect: Expectation; varies: string }
>;
const files = Object.entries(manifest);
const now = new Date('2025-03-07T12:00:00Z');

describe('the X12 corpus (packages/edi/corpus): what real senders send', () => {
  it('holds at least 30 files, both 214 and 856, 4010 and 5010', () => {
    const names = Object.keys(manifest);
    expect(names.length).toBeGreaterThanOrEqual(30);
    const texts = names.map(read);
    expect(names.filter((n) => n.startsWith('214')).length).toBeGreaterThan(10);
    expect(names.filter((n) => n.startsWith('856')).length).toBeGreaterThan(10);
    expect(texts.some((t) => /00401/.test(t.slice(0, 120)))).toBe(true);
    expect(texts.some((t) => /00501/.test(t.slice(0, 120)))).toBe(true);
  });

  it.each(files)('%s', (name, { expect: want }) => {
    const text = read(name);
    if (want.status === 'refused') {
      let err: unknown;
      try {
        receiveInterchanges(text, tables);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EdiError);
      expect((err as EdiError).code).toBe('not_x12');
      expect((err as EdiError).message).toContain(want.reason!);
      return;
    }
    const receipts = receiveInterchanges(text, tables);
    expect(receipts).toHaveLength(want.interchanges ?? 1);
    const ack = receipts.map((x) => acknowledge(x, tables, { now })).join('');
    expect(overallStatus(receipts), ack).toBe(want.status);
    const r = {
      groups: receipts.flatMap((x) => x.groups),
      transactions: receipts.flatMap((x) => x.transactions),
      events: receipts.flatMap((x) => x.events),
    };
    expect(r.events).toHaveLength(want.events ?? 0);
    // The acknowledgement is itself X12 that this reader takes, one per group received: a 997,
    // since no corpus file is sent under an implementation guide, in the group's own GS-08.
    const back = receiveInterchanges(ack, tables);
    expect(back.flatMap((x) => x.interchange.faults)).toEqual([]);
    expect(back.flatMap((x) => x.transactions).map((t) => t.setId)).toEqual(
      r.groups.map(() => '997'),
    );
    for (const g of r.groups.filter((x) => /^\d{6}/.test(x.group.version)))
      expect(ack).toContain(`*X*${g.group.version}~\nST*997*`);
    for (const g of r.groups) expect(ack).toContain(`AK9*${g.status}*`);
    if (want.ta1)
      expect(ack).toMatch(new RegExp(`^TA1\\*\\d{9}\\*\\d+\\*\\d+\\*[AER]\\*${want.ta1}~`, 'm'));
    if (want.ak9) expect(ack).toMatch(new RegExp(`^AK9\\*[AEPR](\\*\\d+){3}\\*${want.ak9}~`, 'm'));
    for (const rej of want.rejected ?? []) {
      const t = r.transactions.find((x) => x.controlNumber === rej.set)!;
      expect(t.status).toBe('rejected');
      const fault = t.faults.find((f) => f.severity === 'reject')!;
      expect(fault.at?.segmentId).toBe(rej.segment);
      expect(fault.at?.element ?? null).toBe(rej.element);
      expect(fault.message).toMatch(/^segment \d+ \([A-Z0-9]+\)/);
      if (rej.ak4) {
        const ref = tables.elements[rej.segment]![rej.element! - 1];
        expect(ack).toMatch(new RegExp(`^AK4\\*${rej.element}\\*${ref}\\*${rej.ak4}`, 'm'));
        expect(ack).toMatch(new RegExp(`^AK3\\*${rej.segment}\\*\\d+\\*\\*8~`, 'm'));
      }
      if (rej.ak3)
        expect(ack).toMatch(new RegExp(`^AK3\\*${rej.segment}\\*\\d+\\*\\*${rej.ak3}~`, 'm'));
      if (rej.ak5) expect(ack).toMatch(new RegExp(`^AK5\\*R\\*${rej.ak5}~`, 'm'));
    }
    for (const note of want.notes ?? []) {
      const f = r.transactions.flatMap((t) => t.faults).find((x) => x.severity === 'note')!;
      expect(f.at).toMatchObject({ segmentId: note.segment, element: note.element });
      expect(ack).toMatch(new RegExp(`^AK4\\*${note.element}\\*\\d+\\*${note.ak4}`, 'm'));
      expect(ack).toMatch(/^AK5\*E/m);
    }
    const scans = r.events.filter((e) => e.type !== 'carrier.proof-of-delivery.recorded');
    if (want.times) expect(scans.map((e) => e.occurredAt)).toEqual(want.times);
    if (want.reasons) {
      expect(
        scans.map((e) => (e.payload as { exceptionReason?: string }).exceptionReason ?? null),
      ).toEqual(want.reasons);
    }
    if (want.tracking) {
      expect(scans.map((e) => (e.payload as { trackingNumber: string }).trackingNumber)).toEqual(
        want.tracking,
      );
    }
    if (want.trackingNumbers) {
      expect(r.events[0]!.payload).toMatchObject({ trackingNumbers: want.trackingNumbers });
    }
    if (want.cartonIds) {
      const cartons = (r.events[0]!.payload as { cartons: { cartonId: string }[] }).cartons;
      expect(cartons.map((c) => c.cartonId)).toEqual(want.cartonIds);
    }
    if (want.carrier) expect(r.events[0]!.payload).toMatchObject({ carrier: want.carrier });
    if (want.orderId) expect(r.events[0]!.payload).toMatchObject({ orderId: want.orderId });
    if (want.cartons) {
      expect((r.events[0]!.payload as { cartons: unknown[] }).cartons).toHaveLength(want.cartons);
    }
    if (want.international !== undefined) {
      expect(r.events[0]!.payload).toMatchObject({ international: want.international });
    }
    if (want.shippedAt) expect(r.events[0]!.payload).toMatchObject({ shippedAt: want.shippedAt });
  });
});
