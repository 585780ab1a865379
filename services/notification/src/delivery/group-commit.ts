/**
 * Group commit: `add` hands an item to `flush` and resolves once a flush has taken it. The first
 * item is flushed at once; items added while a flush runs wait for it and go together in the
 * next one. So a lone send is recorded as soon as before, and sends that finish while one is
 * being recorded share one round trip instead of queueing for one each. A failed flush rejects
 * only its own items.
 */
export function groupCommit<T>(flush: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; settle: (err?: unknown) => void }[] = [];
  let flushing = false;
  const drain = async () => {
    flushing = true;
    while (waiting.length > 0) {
      const taken = waiting;
      waiting = [];
      const err = await flush(taken.map((w) => w.item)).then(
        () => undefined,
        (e: unknown) => e ?? new Error('flush failed'),
      );
      for (const w of taken) w.settle(err);
    }
    flushing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, settle: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!flushing) void drain();
    });
}
