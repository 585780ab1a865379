/**
 * Runs `fn` over items, up to `concurrency` at a time, but items with the same key one after
 * another in their given order: a contact's notices stay in order while different contacts' go
 * out in parallel (a provider call is a network round trip; one at a time capped the service
 * at the provider's latency, not its rate limit). Resolves with each item's result, in input order.
 */
export async function runInChains<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const chains = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    chains.set(k, [...(chains.get(k) ?? []), i]);
  });
  const queue = [...chains.values()];
  const results = new Array<R>(items.length);
  const worker = async () => {
    for (let chain = queue.shift(); chain; chain = queue.shift())
      for (const i of chain) results[i] = await fn(items[i]!);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker),
  );
  return results;
}
