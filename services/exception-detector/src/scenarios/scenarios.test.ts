import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../domain/policy.js';
import { handleEvent, handleTimer } from '../workflow/engine.js';
import { MemoryStore } from '../workflow/memory-store.js';
import { buildScenarios } from './scenarios.js';
import { customerOf, sortExpected, summarize, timeline } from './timeline.js';

async function fireDue(store: MemoryStore, now: Date) {
  for (let due = store.claimDue(now); due.length > 0; due = store.claimDue(now)) {
    for (const t of due) await handleTimer(store, t, { policy: defaultPolicy, now });
  }
}

describe('scenario suite (pure workflow, in-memory store)', async () => {
  const scenarios = buildScenarios('m');
  const store = new MemoryStore();
  const results = new Map<string, unknown>();
  for (const tick of timeline(scenarios)) {
    const now = new Date(tick.at);
    await fireDue(store, now);
    for (const e of tick.events) await handleEvent(store, e, { policy: defaultPolicy, now });
    await fireDue(store, now);
    for (const s of tick.ending) {
      results.set(s.key, summarize([...store.cases.values()], customerOf(s), s.expect));
    }
  }

  it.each(scenarios.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    expect(results.get(s.key)).toEqual(sortExpected(s.expect));
  });

  it('emits every case event with a unique, deterministic id', () => {
    const ids = store.events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
