import type { CaseItem } from '../demo/stack.js';

/** The service a process label names: `shipment#2` is the second instance of `shipment`. */
export const serviceOfLabel = (label: string): string => label.replace(/#\d+$/, '');

/** Per-instance figures (keyed by process label) combined per service. */
function perService(
  perLabel: Record<string, number>,
  services: readonly string[],
  combine: (a: number, b: number) => number,
): Record<string, number> {
  const out = Object.fromEntries(services.map((s) => [s, 0]));
  for (const [label, n] of Object.entries(perLabel)) {
    const s = serviceOfLabel(label);
    if (s in out) out[s] = combine(out[s]!, n);
  }
  return out;
}

/** Counts summed over a service's instances. */
export const sumPerService = (perLabel: Record<string, number>, services: readonly string[]) =>
  perService(perLabel, services, (a, b) => a + b);

/** Each service's largest figure of its instances (a peak is per process). */
export const maxPerService = (perLabel: Record<string, number>, services: readonly string[]) =>
  perService(perLabel, services, Math.max);

/**
 * Cases opened twice for one exception: the detector's own cases of one type on one subject
 * from the same first evidence. A second episode on the subject (a new delay after a recovery)
 * has evidence of its own and is no duplicate; customer requests are left out.
 */
export function duplicateCases(cases: readonly CaseItem[]): { n: number; examples: string[] } {
  const seen = new Map<string, number>();
  for (const c of cases) {
    if (c.origin === 'customer') continue;
    const key = `${c.caseType} ${c.subject.kind}:${c.subject.id} @${c.detectedAt ?? '?'}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const extra = [...seen].filter(([, n]) => n > 1);
  return {
    n: extra.reduce((sum, [, k]) => sum + k - 1, 0),
    examples: extra.slice(0, 5).map(([key, k]) => `${key} ×${k}`),
  };
}
