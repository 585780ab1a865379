/** Where the customers' requests ended up, from the detector's case list. */
export function requestSplit(
  cases: readonly { origin: string; requests?: number }[],
  sent: number,
): { sent: number; onProactiveCases: number; ownCases: number } {
  const onProactiveCases = cases
    .filter((c) => c.origin === 'proactive')
    .reduce((n, c) => n + (c.requests ?? 0), 0);
  return { sent, onProactiveCases, ownCases: Math.max(0, sent - onProactiveCases) };
}
