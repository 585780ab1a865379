import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

/** A flush that records what it was given and finishes when the test says so. */
function gatedFlush() {
  const flushed: number[][] = [];
  const gates: { open: () => void; fail: (e: Error) => void }[] = [];
  const flush = (items: number[]) =>
    new Promise<void>((open, fail) => {
      flushed.push(items);
      gates.push({ open, fail });
    });
  return { flushed, gates, flush };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('groupCommit', () => {
  it('flushes the first item at once and the items added meanwhile together', async () => {
    const g = gatedFlush();
    const add = groupCommit(g.flush);
    const first = add(1);
    await tick();
    expect(g.flushed).toEqual([[1]]);
    const rest = [add(2), add(3), add(4)];
    await tick();
    expect(g.flushed).toEqual([[1]]);
    g.gates[0]!.open();
    await first;
    await tick();
    expect(g.flushed).toEqual([[1], [2, 3, 4]]);
    g.gates[1]!.open();
    await Promise.all(rest);
    // Idle again: the next item goes alone and at once.
    const last = add(5);
    await tick();
    expect(g.flushed.at(-1)).toEqual([5]);
    g.gates[2]!.open();
    await last;
  });

  it('a failed flush rejects its own items only, and the next flush still runs', async () => {
    const g = gatedFlush();
    const add = groupCommit(g.flush);
    const first = add(1);
    const [a, b] = [add(2), add(3)];
    await tick();
    g.gates[0]!.fail(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await tick();
    expect(g.flushed).toEqual([[1], [2, 3]]);
    g.gates[1]!.open();
    await expect(Promise.all([a, b])).resolves.toEqual([undefined, undefined]);
  });
});
