import { describe, expect, it } from 'vitest';
import type { Emission, SimEvent } from './emissions.js';
import { silenceSource, silentSpells } from './feeds.js';

// Monday 10 March 2025; New York is UTC-4, so active hours 09:00-17:00 are 13:00-21:00Z.
const at = (hhmm: string, day = '2025-03-10') => Date.parse(`${day}T${hhmm}:00Z`);
const sent = (source: string, emitAt: number): SimEvent =>
  ({
    kind: 'event',
    seq: emitAt,
    emitAt,
    delivery: 'original',
    event: { sourceSystem: source },
  }) as unknown as SimEvent;
const window = { start: at('04:00'), end: at('04:00', '2025-03-11') };

describe('feed silence', () => {
  it('flags a silence when the last message becomes threshold-old inside active hours', () => {
    const emissions: Emission[] = [
      sent('carrier:ups', at('14:00')),
      sent('carrier:ups', at('14:30')),
      sent('carrier:ups', at('20:59')),
    ];
    const spells = silentSpells(emissions, window, 60, []);
    expect(spells.map((s) => [s.sourceSystem, new Date(s.detectableBy).toISOString()])).toEqual([
      ['carrier:ups', '2025-03-10T15:30:00.000Z'],
    ]);
  });

  it('counts stalls the feed does not settle between (2 h of sending) as one outage, and stalls further apart as two', () => {
    const flapping: Emission[] = [
      sent('carrier:ups', at('13:00')),
      sent('carrier:ups', at('14:30')), // flagged 14:00
      sent('carrier:ups', at('15:00')),
      sent('carrier:ups', at('16:30')), // flagged 16:00: only 30 min of sending since the first stall
      sent('carrier:ups', at('17:00')),
      sent('carrier:ups', at('17:50')),
      sent('carrier:ups', at('18:40')),
      sent('carrier:ups', at('20:50')), // flagged 19:40: 130 min of sending since the second stall
    ];
    const spells = silentSpells(flapping, { ...window, end: at('21:00') }, 60, []);
    expect(spells.map((s) => new Date(s.detectableBy).toISOString())).toEqual([
      '2025-03-10T14:00:00.000Z',
      '2025-03-10T19:40:00.000Z',
    ]);
    expect(spells[0]?.note).toMatch(/one outage of 2 stalls/);
  });

  it('flags a feed silent overnight as soon as active hours begin, and ignores quiet nights that end in time', () => {
    const emissions: Emission[] = [
      sent('erp:sap', at('04:00')),
      sent('erp:sap', at('12:50')),
      sent('erp:sap', at('13:40')),
      sent('erp:sap', at('20:50')),
    ];
    const spells = silentSpells(emissions, { ...window, end: at('21:00') }, 60, []);
    expect(spells.map((s) => new Date(s.detectableBy).toISOString())).toEqual([
      '2025-03-10T14:40:00.000Z',
    ]);
  });

  it('holds back what a silenced source sends and marks the spell as injected', () => {
    const events = [
      sent('carrier:fedex', at('13:30')),
      sent('carrier:fedex', at('15:00')),
      sent('carrier:fedex', at('16:00')),
      sent('carrier:fedex', at('17:00')),
    ];
    expect(silenceSource(events, 'carrier:fedex', at('14:00'), at('16:30'))).toBe(2);
    expect(events.map((e) => e.delivery)).toEqual(['original', 'backlog', 'backlog', 'original']);
    expect(events[2]?.emitAt).toBe(at('16:30') + 1);
    const [spell] = silentSpells(events, { ...window, end: at('17:30') }, 60, [
      { sourceSystem: 'carrier:fedex', from: at('14:00'), to: at('16:30') },
    ]);
    expect(spell).toMatchObject({
      deliberate: true,
      variant: 'injected_silence',
      detectableBy: at('14:30'),
    });
  });
});
