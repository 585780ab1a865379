import { describe, expect, it } from 'vitest';
import type { CaseItem } from '../demo/stack.js';
import { duplicateCases, maxPerService, serviceOfLabel, sumPerService } from './scale-out.js';

const c = (over: Partial<CaseItem>): CaseItem => ({
  caseId: over.caseId ?? 'c',
  caseType: 'carrier_delay',
  subject: { kind: 'shipment', id: 'SHP-1' },
  detectedAt: '2025-03-10T10:00:00Z',
  origin: 'proactive',
  status: 'open',
  priority: 'high',
  ...over,
});

describe('scale-out figures of the bench (--instances)', () => {
  it('names the service of an instance label', () => {
    expect(serviceOfLabel('shipment#2')).toBe('shipment');
    expect(serviceOfLabel('exception-detector')).toBe('exception-detector');
  });

  it('sums counts over the instances of a service and keeps the largest peak', () => {
    const perLabel = { order: 10, 'order#2': 5, shipment: 7, 'shipment#2': 9 };
    expect(sumPerService(perLabel, ['order', 'shipment', 'ingestion'])).toEqual({
      order: 15,
      shipment: 16,
      ingestion: 0,
    });
    expect(maxPerService(perLabel, ['order', 'shipment'])).toEqual({ order: 10, shipment: 9 });
  });

  it('counts a case opened twice from the same first evidence, not a second episode or a request', () => {
    const cases = [
      c({ caseId: 'a' }),
      c({ caseId: 'b' }),
      c({ caseId: 'd', detectedAt: '2025-03-11T10:00:00Z' }),
      c({ caseId: 'e', origin: 'customer' }),
      c({ caseId: 'f', caseType: 'stalled_shipment' }),
    ];
    expect(duplicateCases(cases)).toEqual({
      n: 1,
      examples: ['carrier_delay shipment:SHP-1 @2025-03-10T10:00:00Z ×2'],
    });
    expect(duplicateCases(cases.slice(2)).n).toBe(0);
  });
});
