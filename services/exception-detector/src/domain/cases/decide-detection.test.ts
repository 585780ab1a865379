import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../policy.js';
import type { Detection } from '../rules/signals.js';
import type { Decision } from './case.js';
import { chronicOnBreach, openCase } from './decide-detection.js';

const now = new Date('2025-03-06T14:00:00Z');
const detection: Detection = {
  kind: 'detect',
  caseType: 'carrier_delay',
  subject: { kind: 'shipment', id: 'SHP-1' },
  priority: 'normal',
  queue: 'transportation',
  title: 'Late',
  explanation: 'The ETA is after the promise.',
  evidence: { eventId: 'ev-1', type: 'shipment.eta-changed', occurredAt: '', summary: 'ev-1' },
  party: { customerId: 'C-1', customerName: 'Acme', tier: 'retail', shipmentId: 'SHP-1' },
  facts: { issue: 'late' },
};
const open = openCase(detection, { policy, now }).case;
const breach: Decision = {
  case: open,
  emits: [{ type: 'case.sla-breached', clock: 'resolution', dueAt: '', breachedAt: '' }],
  timers: [],
  audit: [],
};

describe('chronicOnBreach', () => {
  it('given the customer had two other cases breached, when a third breaches, then a chronic detection about the customer', () => {
    const [d, ...more] = chronicOnBreach(breach, 2, policy, now);
    expect(more).toEqual([]);
    expect(d?.caseType).toBe('chronic_breach');
    expect(d?.subject).toEqual({ kind: 'customer', id: 'C-1' });
    expect(d?.party.shipmentId).toBeUndefined();
    expect(d?.evidence.summary).toMatch(/^3 SLA breaches in 30 days/);
  });

  it('given fewer cases breached, no breach emitted, the rule off or no customer, then nothing', () => {
    expect(chronicOnBreach(breach, 1, policy, now)).toEqual([]);
    expect(chronicOnBreach({ ...breach, emits: [] }, 5, policy, now)).toEqual([]);
    expect(chronicOnBreach(breach, 5, { ...policy, chronicBreachCount: 0 }, now)).toEqual([]);
    const anonymous = { ...breach, case: { ...open, party: {} } };
    expect(chronicOnBreach(anonymous, 5, policy, now)).toEqual([]);
  });
});
