import { afterAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../domain/policy.js';
import * as b from '../testing/scenarios/builders.js';
import { PgWorld, closeWorlds, handleEvent } from '../testing/pg-world.js';

afterAll(closeWorlds);

// Repeat incidents would open a chronic case of their own: only breaches count here.
const policy = { ...defaultPolicy, repeatIncidentCount: 99, chronicBreachCount: 3 };

/** Carrier-delay cases for one customer, one per story, then every SLA clock runs out. */
async function unattended(keys: readonly string[]): Promise<PgWorld> {
  const world = await PgWorld.open();
  for (const key of keys) {
    const s = { ...b.story(key), customerId: 'C-chronic' };
    const ctx = { policy, now: new Date('2025-03-06T13:00:00Z') };
    await handleEvent(world, b.shipmentStatus(s, '2025-03-06T12:00:00Z'), ctx);
    await handleEvent(world, b.etaChanged(s, '2025-03-06T13:00:00Z'), ctx);
  }
  await world.fireDue(new Date('2025-03-20T00:00:00Z'), policy);
  return world;
}

const chronic = (w: PgWorld) =>
  [...w.cases.values()].filter((c) => c.caseType === 'chronic_breach');

describe('the chronic rule on SLA breaches (a fact loaded before deciding)', () => {
  it('given three cases of a customer left to breach, then one chronic case opens, on the third case breached', async () => {
    const w = await unattended(['cb1', 'cb2', 'cb3']);
    const delays = [...w.cases.values()].filter((c) => c.caseType === 'carrier_delay');
    expect(delays.every((c) => c.sla.breaches.length >= 2)).toBe(true);
    const [c, ...more] = chronic(w);
    expect(more).toEqual([]);
    expect(c?.subject).toEqual({ kind: 'customer', id: 'C-chronic' });
    expect(c?.evidence[0]?.type).toBe('case.sla-breached');
    expect(c?.evidence[0]?.summary).toMatch(/^3 SLA breaches in 30 days/);
    // Later breaches of the customer's cases are further evidence on it.
    expect(c!.evidence.length).toBeGreaterThan(1);
  });

  it('given two cases breaching every clock, then no chronic case: cases count, not clocks', async () => {
    const w = await unattended(['cb4', 'cb5']);
    const rows = await w.pool.query(`SELECT 1 FROM sla_breaches WHERE customer_id = 'C-chronic'`);
    expect(rows.rowCount).toBeGreaterThanOrEqual(3);
    expect(chronic(w)).toEqual([]);
  });
});
