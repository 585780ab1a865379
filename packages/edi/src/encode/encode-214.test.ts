import type { SourceEvent } from '@forewarn/contracts';
import { describe, expect, it } from 'vitest';
import { mapInterchange } from '../mapping/map-interchange.js';
import { loadMappingTables } from '../mapping/tables.js';
import { parseX12 } from '../x12/parse.js';
import { encode214, remarks, type StatusEvent } from './encode-214.js';

const tables = loadMappingTables();
const refs = (tn: string, n: number) => ({
  customerId: `C-${n}`,
  orderId: `SO-${n}`,
  poNumber: `PO-${n}`,
  shipmentId: `SHP-${n}`,
  trackingNumbers: [tn],
});
const scan = (
  tn: string,
  n: number,
  at: string,
  status: string,
  extra: Record<string, unknown> = {},
): StatusEvent =>
  ({
    eventId: `e-${tn}-${status}-${at}`,
    type: 'carrier.tracking.scanned',
    schemaVersion: 2,
    sourceSystem: 'carrier:fedex',
    occurredAt: at,
    refs: refs(tn, n),
    payload: { trackingNumber: tn, carrier: 'fedex', status, scannedAt: at, ...extra },
  }) as StatusEvent;
const eta = (tn: string, n: number, at: string, newEta: string, reason?: string): StatusEvent =>
  ({
    eventId: `eta-${tn}-${at}`,
    type: 'carrier.eta.updated',
    schemaVersion: 2,
    sourceSystem: 'carrier:fedex',
    occurredAt: at,
    refs: refs(tn, n),
    payload: { trackingNumber: tn, carrier: 'fedex', newEta, ...(reason ? { reason } : {}) },
  }) as StatusEvent;

const events: StatusEvent[] = [
  scan('111', 1, '2025-03-10T14:05:09.000Z', 'picked_up', {
    location: { city: 'Memphis', region: 'TN', country: 'US' },
  }),
  eta('111', 1, '2025-03-10T14:06:09.000Z', '2025-03-12T22:00:00.000Z'),
  scan('222', 2, '2025-03-10T15:00:00.000Z', 'exception', { exceptionReason: 'damaged' }),
  scan('222', 2, '2025-03-10T16:00:00.000Z', 'exception', { exceptionReason: 'lost' }),
  scan('333', 3, '2025-03-10T16:30:00.000Z', 'delivery_attempt_failed'),
  scan('333', 3, '2025-03-10T18:30:00.000Z', 'delivered'),
  eta('333', 3, '2025-07-10T12:00:00.000Z', '2025-07-12T21:00:00.000Z', 'weather'),
];

const instant = (s: string) => new Date(s).toISOString();

describe('encode214: canonical carrier statuses → an X12 214 the parser maps back', () => {
  const out = encode214(events, tables, { controlNumber: 42, at: '2025-03-10T18:45:00Z' });
  const mapped = mapInterchange(out.text, tables);

  it('writes one transaction per tracking number and report time, envelopes the parser checks', () => {
    const ic = parseX12(out.text);
    expect(ic.controlNumber).toBe('000000042');
    expect(ic.senderId).toBe('FDEG');
    // Scans share the file's group; each ETA report time has a group of its own.
    expect(ic.groups.map((g) => g.transactions.length)).toEqual([3, 1, 1]);
    expect(out.transactions).toBe(5);
  });

  it('maps back to the same statuses, times, references and reasons', () => {
    const seen = (e: SourceEvent) => {
      const p = e.payload as Record<string, unknown>;
      return [
        e.type,
        p.trackingNumber,
        p.status ?? null,
        p.exceptionReason ?? null,
        instant(e.occurredAt),
        e.refs.orderId,
        e.refs.poNumber,
        e.refs.shipmentId,
        e.refs.customerId,
      ];
    };
    expect(mapped.events.map(seen)).toEqual([
      [
        'carrier.tracking.scanned',
        '111',
        'picked_up',
        null,
        '2025-03-10T14:05:09.000Z',
        'SO-1',
        'PO-1',
        'SHP-1',
        'C-1',
      ],
      [
        'carrier.tracking.scanned',
        '222',
        'exception',
        'damaged',
        '2025-03-10T15:00:00.000Z',
        'SO-2',
        'PO-2',
        'SHP-2',
        'C-2',
      ],
      [
        'carrier.tracking.scanned',
        '222',
        'exception',
        'lost',
        '2025-03-10T16:00:00.000Z',
        'SO-2',
        'PO-2',
        'SHP-2',
        'C-2',
      ],
      [
        'carrier.tracking.scanned',
        '333',
        'delivery_attempt_failed',
        null,
        '2025-03-10T16:30:00.000Z',
        'SO-3',
        'PO-3',
        'SHP-3',
        'C-3',
      ],
      [
        'carrier.tracking.scanned',
        '333',
        'delivered',
        null,
        '2025-03-10T18:30:00.000Z',
        'SO-3',
        'PO-3',
        'SHP-3',
        'C-3',
      ],
      [
        'carrier.proof-of-delivery.recorded',
        '333',
        null,
        null,
        '2025-03-10T18:30:00.000Z',
        'SO-3',
        'PO-3',
        'SHP-3',
        'C-3',
      ],
      [
        'carrier.eta.updated',
        '111',
        null,
        null,
        '2025-03-10T14:06:09.000Z',
        'SO-1',
        'PO-1',
        'SHP-1',
        'C-1',
      ],
      [
        'carrier.eta.updated',
        '333',
        null,
        null,
        '2025-07-10T12:00:00.000Z',
        'SO-3',
        'PO-3',
        'SHP-3',
        'C-3',
      ],
    ]);
    const etas = mapped.events.filter((e) => e.type === 'carrier.eta.updated');
    expect(etas.map((e) => instant((e.payload as { newEta: string }).newEta))).toEqual([
      '2025-03-12T22:00:00.000Z',
      '2025-07-12T21:00:00.000Z',
    ]);
    expect((etas[1]!.payload as { reason?: string }).reason).toMatch(/weather/i);
    expect(mapped.events[0]!.payload).toMatchObject({
      location: { city: 'Memphis', region: 'TN', country: 'US' },
    });
  });

  it('gives the same event ids when the same statuses are sent again in another file', () => {
    const again = encode214(events, tables, { controlNumber: 43, at: '2025-03-10T19:00:00Z' });
    expect(mapInterchange(again.text, tables).events.map((e) => e.eventId)).toEqual(
      mapped.events.map((e) => e.eventId),
    );
  });

  it('keeps the same estimate reported again later (a delay, then its recovery) as a new event', () => {
    const first = eta('444', 4, '2025-03-10T10:00:00.000Z', '2025-03-12T21:00:00.000Z');
    const late = eta('444', 4, '2025-03-11T10:00:00.000Z', '2025-03-14T21:00:00.000Z', 'weather');
    const back = eta('444', 4, '2025-03-11T16:00:00.000Z', '2025-03-12T21:00:00.000Z');
    const file = encode214([first, late, back], tables, {
      controlNumber: 9,
      at: '2025-03-11T16:05:00Z',
    });
    const ids = mapInterchange(file.text, tables).events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(3);
  });

  it("carries the carrier's own words (K1 remarks) next to what the code means, scans and ETAs alike", () => {
    const words = 'Departed FedEx hub MEMPHIS, TN after a weather hold* overnight~ (trailer 53)';
    const file = encode214(
      [
        scan('555', 5, '2025-03-10T14:00:00.000Z', 'in_transit', { description: words }),
        scan('555', 5, '2025-03-10T15:00:00.000Z', 'in_transit'),
        eta('555', 5, '2025-03-10T16:00:00.000Z', '2025-03-13T21:00:00.000Z', 'ice on I-40'),
      ],
      tables,
      { controlNumber: 7, at: '2025-03-10T16:05:00Z' },
    );
    const [told, silent, late] = mapInterchange(file.text, tables).events.map(
      (e) => e.payload as { description?: string; reason?: string },
    );
    const clean = words.replace(/[*~]/g, ' ').split(/\s+/).join(' ');
    expect(told!.description).toMatch(/^[^;"]+; carrier: "[^"]+"$/);
    expect(told!.description).toContain(`carrier: "${clean}"`);
    expect(silent!.description).not.toContain('carrier:');
    expect(late!.reason).toContain('carrier: "ice on I-40"');
  });

  it('splits remarks at spaces into 30-character elements, two per K1, at most ten K1', () => {
    const k1 = remarks('a'.repeat(45) + ' short words here');
    expect(k1).toEqual([
      ['K1', 'a'.repeat(30), 'a'.repeat(15) + ' short words'],
      ['K1', 'here'],
    ]);
    const long = remarks(
      Array.from({ length: 100 }, (_, i) => `word${i}xxxxxxxxxxxxxxxxxx`).join(' '),
    );
    expect(long).toHaveLength(10);
    expect(long.flat().every((x) => x.length <= 30)).toBe(true);
  });

  it('refuses what the tables cannot say, and statuses of two carriers in one file', () => {
    const ups = {
      ...events[0]!,
      payload: { ...events[0]!.payload, carrier: 'ups' },
    } as StatusEvent;
    expect(() => encode214([events[0]!, ups], tables, { controlNumber: 1, at: 0 })).toThrow(
      /one carrier/,
    );
    const unknown = { ...ups, payload: { ...ups.payload, carrier: 'acme' } } as StatusEvent;
    expect(() => encode214([unknown], tables, { controlNumber: 1, at: 0 })).toThrow(
      /carriers.json has no SCAC for carrier acme/,
    );
  });
});
