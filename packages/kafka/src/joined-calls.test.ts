import { describe, expect, it } from 'vitest';
import { joinedCalls } from './joined-calls.js';
import type { ConsumedMessage } from './message.js';

const msg = (partition: number, offset: number, value: string): ConsumedMessage<string> =>
  ({ topic: 't', partition, offset: String(offset), value }) as ConsumedMessage<string>;

/** A handler that records each call's values and refuses any call holding `poison`. */
function recorder(poison?: string) {
  const calls: string[][] = [];
  const handle = async (msgs: ConsumedMessage<string>[]) => {
    calls.push(msgs.map((m) => m.value));
    if (poison && msgs.some((m) => m.value === poison)) throw new Error(`poison ${poison}`);
  };
  return { calls, handle };
}

describe('joinedCalls: the partitions handed over together share one call', () => {
  it('joins the calls made in one turn, in the order made, and answers each', async () => {
    const r = recorder();
    const joined = joinedCalls(r.handle);
    await Promise.all([
      joined([msg(0, 0, 'a'), msg(0, 1, 'b')]),
      joined([msg(1, 0, 'c')]),
      joined([msg(2, 5, 'd')]),
    ]);
    expect(r.calls).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('makes a call of a later turn separately', async () => {
    const r = recorder();
    const joined = joinedCalls(r.handle);
    await joined([msg(0, 0, 'a')]);
    await joined([msg(1, 0, 'b')]);
    expect(r.calls).toEqual([['a'], ['b']]);
  });

  it('when the joined call fails, makes each alone: only the poisoned caller fails', async () => {
    const r = recorder('c');
    const joined = joinedCalls(r.handle);
    const results = await Promise.allSettled([
      joined([msg(0, 0, 'a')]),
      joined([msg(1, 0, 'c'), msg(1, 1, 'x')]),
      joined([msg(2, 0, 'd')]),
    ]);
    expect(results.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('poison c'));
    expect(r.calls).toEqual([['a', 'c', 'x', 'd'], ['a'], ['c', 'x'], ['d']]);
  });

  it('hands a lone call its own failure as it is', async () => {
    const r = recorder('a');
    const joined = joinedCalls(r.handle);
    await expect(joined([msg(0, 0, 'a')])).rejects.toThrow('poison a');
    expect(r.calls).toEqual([['a']]);
  });
});
