import { ContractError, decodeEvent, validateEvent } from '@forewarn/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDay, type SimRun } from './generate-day.js';
import { countFor } from './plan.js';

const small = { seed: 7, orders: 150 } as const;

describe('generateDay', () => {
  let run: SimRun;
  beforeAll(() => {
    run = generateDay(small);
  });

  it('is reproducible: the same seed gives the same day, another seed a different one', () => {
    const again = generateDay(small);
    expect(JSON.stringify(again.emissions)).toBe(JSON.stringify(run.emissions));
    expect(again.groundTruth).toEqual(run.groundTruth);
    expect(again.requests).toEqual(run.requests);
    const other = generateDay({ ...small, seed: 8 });
    expect(other.emissions.map((e) => e.kind === 'event' && e.event.eventId)).not.toEqual(
      run.emissions.map((e) => e.kind === 'event' && e.event.eventId),
    );
  });

  it('emits only events that satisfy the contract, and malformed messages that do not', () => {
    const invalid = run.emissions.flatMap((e) => {
      if (e.kind !== 'event') return [];
      const v = validateEvent(e.event);
      return v.ok ? [] : [`${e.event.type}: ${v.problems.join(', ')}`];
    });
    expect(invalid).toEqual([]);
    const malformed = run.emissions.filter((e) => e.kind === 'malformed');
    expect(malformed.length).toBe(run.counts.expectedRejects.total);
    expect(new Set(malformed.map((m) => m.defect))).toEqual(
      new Set(['bad_json', 'invalid_values', 'unknown_schema_id']),
    );
    for (const m of malformed) {
      expect(() => decodeEvent(m.value), m.defect).toThrow(ContractError);
      let parsed: unknown;
      try {
        parsed = JSON.parse(m.json);
      } catch {
        continue; // bad JSON is rejected before validation
      }
      expect(validateEvent(parsed).ok, m.defect).toBe(false);
    }
  });

  it('injects every exception of the catalog at its configured rate', () => {
    const byVariant = (type: string, variant?: string) =>
      run.groundTruth.filter(
        (g) => g.exceptionType === type && g.deliberate && (!variant || g.variant === variant),
      ).length;
    const r = run.config.rates;
    const n = (rate: number) => countFor(rate, small.orders);
    expect(byVariant('late_shipment_risk')).toBe(n(r.lateShipment));
    expect(byVariant('short_pick_backorder', 'short_pick')).toBe(n(r.shortPick));
    expect(byVariant('short_pick_backorder', 'backorder')).toBe(n(r.backorder));
    expect(byVariant('inventory_mismatch')).toBe(n(r.inventoryMismatch));
    expect(byVariant('carrier_delay')).toBe(n(r.carrierDelay));
    expect(byVariant('stalled_shipment')).toBe(n(r.stalledShipment));
    expect(byVariant('carrier_exception')).toBe(n(r.carrierException));
    expect(byVariant('delivered_late_or_short', 'late')).toBe(n(r.deliveredLate));
    expect(byVariant('delivered_late_or_short', 'not_in_full')).toBe(n(r.deliveredShort));
    expect(byVariant('invoice_discrepancy')).toBe(n(r.invoiceDiscrepancy));
    expect(byVariant('returns_overdue')).toBe(n(r.returnsOverdue));
    expect(byVariant('chronic_breach')).toBe(run.config.chronicCustomers);
    expect(byVariant('source_feed_stalled', 'injected_silence')).toBe(run.config.feedStalls);
    const windowEnd = Date.parse(run.window.end);
    for (const g of run.groundTruth) {
      expect(Date.parse(g.detectableBy)).toBeLessThanOrEqual(windowEnd);
      expect(Date.parse(g.detectableBy)).toBeGreaterThanOrEqual(Date.parse(g.injectedAt));
    }
  });

  it('sends in sim-time order and keeps each key in occurredAt order except deliberate reorders', () => {
    const emitAts = run.emissions.map((e) => e.emitAt);
    expect(emitAts).toEqual([...emitAts].sort((a, b) => a - b));
    const last = new Map<string, string>();
    let overtaken = 0;
    for (const e of run.emissions) {
      if (e.kind !== 'event' || e.delivery === 'duplicate') continue;
      const key = `${e.topic}|${e.key}`;
      const prev = last.get(key);
      if (e.delivery === 'reordered') {
        if (prev !== undefined && e.event.occurredAt < prev) overtaken++;
        continue;
      }
      if (prev !== undefined)
        expect(e.event.occurredAt >= prev, `${key} ${e.event.type}`).toBe(true);
      last.set(key, e.event.occurredAt);
    }
    expect(run.counts.reordered).toBeGreaterThan(0);
    expect(overtaken).toBe(run.counts.reordered);
  });

  it('resends duplicates with the eventId and content of an earlier delivery', () => {
    const firsts = new Map<string, { emitAt: number; json: string }>();
    let dups = 0;
    for (const e of run.emissions) {
      if (e.kind !== 'event') continue;
      const seen = firsts.get(e.event.eventId);
      if (e.delivery === 'duplicate') {
        dups++;
        expect(seen?.json).toBe(JSON.stringify(e.event));
      } else {
        expect(seen).toBeUndefined();
        firsts.set(e.event.eventId, { emitAt: e.emitAt, json: JSON.stringify(e.event) });
      }
    }
    expect(dups).toBe(run.counts.duplicates);
    expect(dups).toBeGreaterThan(0);
  });

  it('ships orders from two sites, each order from one of them throughout', () => {
    const sitesByOrder = new Map<string, Set<string>>();
    for (const e of run.emissions) {
      if (e.kind !== 'event' || !e.event.type.startsWith('wms.')) continue;
      const p = e.event.payload as { orderId?: string; warehouseId?: string };
      if (!p.orderId || !p.warehouseId) continue;
      sitesByOrder.set(p.orderId, (sitesByOrder.get(p.orderId) ?? new Set()).add(p.warehouseId));
    }
    const sites = [...sitesByOrder.values()];
    expect(sites.every((s) => s.size === 1)).toBe(true);
    const orders = (site: string) => sites.filter((s) => s.has(site)).length;
    expect(orders('WH-ATL')).toBeGreaterThan(orders('WH-CLT'));
    expect(orders('WH-CLT')).toBeGreaterThan(0);
  });

  it('lists customers of all three tiers with contacts in English and French', () => {
    expect(new Set(run.customers.map((c) => c.tier))).toEqual(
      new Set(['enterprise', 'regional_reseller', 'retail']),
    );
    const languages = new Set(run.customers.flatMap((c) => c.contacts.map((k) => k.language)));
    expect(languages).toEqual(new Set(['en', 'fr']));
    expect(run.customers.some((c) => c.accountRepId)).toBe(true);
    expect(run.skus.some((s) => s.critical)).toBe(true);
  });

  it('asks customer requests, some about injected problems', () => {
    expect(run.requests.length).toBeGreaterThan(0);
    const ids = new Set(run.groundTruth.map((g) => g.id));
    const about = run.requests.filter((r) => r.relatesTo);
    expect(about.length).toBeGreaterThan(0);
    for (const r of about) expect(ids.has(r.relatesTo as string)).toBe(true);
  });
});
