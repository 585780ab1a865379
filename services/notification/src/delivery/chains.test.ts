import { describe, expect, it } from 'vitest';
import { runInChains } from './chains.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runInChains', () => {
  it('keeps each key in order, runs different keys at once, and returns results in input order', async () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const results = await runInChains(
      items,
      (s) => s[0]!,
      2,
      async (s) => {
        running += 1;
        peak = Math.max(peak, running);
        log.push(`start ${s}`);
        await tick();
        running -= 1;
        return s.toUpperCase();
      },
    );
    expect(results).toEqual(['A1', 'B1', 'A2', 'C1', 'B2', 'A3']);
    expect(peak).toBe(2);
    for (const key of ['a', 'b']) {
      const started = log.filter((l) => l.startsWith(`start ${key}`));
      expect(started).toEqual([...started].sort());
    }
  });

  it('runs one at a time with concurrency 1, in the order of first appearance of each key', async () => {
    const order: string[] = [];
    await runInChains(
      ['x1', 'y1', 'x2'],
      (s) => s[0]!,
      1,
      async (s) => {
        order.push(s);
        await tick();
      },
    );
    expect(order).toEqual(['x1', 'x2', 'y1']);
  });

  it('does nothing for no items', async () => {
    expect(
      await runInChains(
        [],
        () => 'k',
        4,
        () => Promise.resolve(1),
      ),
    ).toEqual([]);
  });
});
