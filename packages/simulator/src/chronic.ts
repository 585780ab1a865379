import type { NewEntry } from './ground-truth.js';
import { DAY } from './time.js';

/** Failure modes that count towards a repeat incident: everything tied to a customer except the rule itself. */
const countsAsFailure = (e: NewEntry) =>
  e.customerId !== undefined &&
  e.exceptionType !== 'chronic_breach' &&
  e.exceptionType !== 'source_feed_stalled';

/**
 * The repeat-incident rule over what the day contains: a customer hit by the same failure mode
 * twice within the window is a chronic breach, detectable when the second one is. One entry per
 * customer, since the case's subject is the customer.
 */
export function chronicBreaches(
  entries: readonly NewEntry[],
  windowDays: number,
  planned: ReadonlySet<string>,
): NewEntry[] {
  const byKey = new Map<string, NewEntry[]>();
  for (const e of entries.filter(countsAsFailure)) {
    const key = `${e.customerId}|${e.exceptionType}`;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  const firstByCustomer = new Map<string, NewEntry>();
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.detectableBy - b.detectableBy);
    for (let i = 1; i < sorted.length; i++) {
      const [earlier, later] = [sorted[i - 1] as NewEntry, sorted[i] as NewEntry];
      if (later.detectableBy - earlier.detectableBy > windowDays * DAY) continue;
      const customerId = later.customerId as string;
      const current = firstByCustomer.get(customerId);
      if (!current || later.detectableBy < current.detectableBy) {
        firstByCustomer.set(customerId, {
          exceptionType: 'chronic_breach',
          variant: later.exceptionType,
          subject: { kind: 'customer', id: customerId },
          customerId,
          injectedAt: later.injectedAt,
          detectableBy: later.detectableBy,
          deliberate: planned.has(customerId),
          note: `${later.exceptionType} twice: ${earlier.orderId ?? earlier.sourceSystem} and ${later.orderId ?? later.sourceSystem}`,
        });
      }
      break;
    }
  }
  return [...firstByCustomer.values()].sort((a, b) => a.detectableBy - b.detectableBy);
}
