import type { Case } from '../../domain/cases/case.js';
import type { DetectorEvent } from '../../domain/projection/events.js';
import type { ExpectedCase, Scenario } from './scenarios.js';

export interface Tick {
  at: string;
  events: DetectorEvent[];
  /** Scenarios whose last step is this tick: their cases are checked right after it. */
  ending: Scenario[];
}

/** All scenarios on one clock: their steps merged by time. */
export function timeline(scenarios: readonly Scenario[]): Tick[] {
  const ticks = new Map<string, Tick>();
  const tick = (at: string) => {
    let t = ticks.get(at);
    if (!t) ticks.set(at, (t = { at, events: [], ending: [] }));
    return t;
  };
  for (const s of scenarios) {
    for (const step of s.steps) tick(step.at).events.push(...step.events);
    const last = s.steps[s.steps.length - 1];
    if (last) tick(last.at).ending.push(s);
  }
  return [...ticks.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The customer of a scenario: the one its expected cases belong to. */
export function customerOf(s: Scenario): string {
  const order = s.steps[0]?.events[0];
  const id = order && 'customerId' in order.payload ? order.payload.customerId : undefined;
  return typeof id === 'string' ? id : '';
}

const order = (a: ExpectedCase, b: ExpectedCase) =>
  `${a.caseType}/${a.subjectId}`.localeCompare(`${b.caseType}/${b.subjectId}`);

/** What the cases of one customer look like, in the shape the scenarios expect. */
export function summarize(
  cases: readonly Case[],
  customerId: string,
  expected: readonly ExpectedCase[],
): ExpectedCase[] {
  const mine = cases.filter((c) => c.party.customerId === customerId);
  const groups = new Map<string, Case[]>();
  for (const c of mine) {
    const k = `${c.caseType}/${c.subject.id}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()]
    .map((cs) => {
      const c = cs[cs.length - 1]!;
      const want = expected.find((e) => e.caseType === c.caseType && e.subjectId === c.subject.id);
      return {
        caseType: c.caseType,
        subjectId: c.subject.id,
        count: cs.length,
        priority: c.priority,
        status: c.status,
        remedy: c.remedy?.kind ?? 'none',
        // Only compared where the scenario states them.
        ...(want?.escalationLevel ? { escalationLevel: c.escalationLevel } : {}),
        ...(want?.rcaRequired !== undefined ? { rcaRequired: c.rcaRequired } : {}),
      } as ExpectedCase;
    })
    .sort(order);
}

export const sortExpected = (e: readonly ExpectedCase[]): ExpectedCase[] => [...e].sort(order);
