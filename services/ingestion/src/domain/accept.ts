import { validateSourceEvent, type EventIssue } from '@forewarn/edi';
import type { SourceEvent } from '@forewarn/contracts';

export interface BatchIssue {
  index: number;
  issue: EventIssue;
}

export interface Candidate {
  index: number;
  event: SourceEvent;
  topic: string;
  key: string;
}

export type BatchCheck =
  | { ok: true; candidates: Candidate[]; duplicatesInBatch: { index: number; eventId: string }[] }
  | { ok: false; issues: BatchIssue[]; forbidden: boolean };

/**
 * Checks a whole batch before anything is accepted: every event against its contract, and its
 * sourceSystem against the caller's. The batch is all-or-nothing, so a source fixes and resends
 * one file instead of reconciling which half got in. Repeats of an eventId inside the batch are
 * duplicates of the first, not errors. `receivedAt` is stamped here: the edge owns that field.
 */
export function checkBatch(
  items: readonly unknown[],
  sourceSystem: string,
  receivedAt: Date,
): BatchCheck {
  const issues: BatchIssue[] = [];
  const candidates: Candidate[] = [];
  const duplicatesInBatch: { index: number; eventId: string }[] = [];
  const seen = new Set<string>();
  let forbidden = false;
  items.forEach((item, index) => {
    const result = validateSourceEvent(item);
    if (!result.ok) {
      for (const issue of result.issues) issues.push({ index, issue });
      return;
    }
    if (result.event.sourceSystem !== sourceSystem) {
      forbidden = true;
      issues.push({
        index,
        issue: {
          path: ['sourceSystem'],
          code: 'source_mismatch',
          message: `this credential publishes for ${sourceSystem}, not ${result.event.sourceSystem}`,
        },
      });
      return;
    }
    if (seen.has(result.event.eventId)) {
      duplicatesInBatch.push({ index, eventId: result.event.eventId });
      return;
    }
    seen.add(result.event.eventId);
    const event = { ...result.event, receivedAt: receivedAt.toISOString() } as SourceEvent;
    candidates.push({ index, event, topic: result.eventType.topic, key: result.key });
  });
  return issues.length > 0
    ? { ok: false, issues, forbidden }
    : { ok: true, candidates, duplicatesInBatch };
}

/** `/events/3/payload/status`: where an issue is in the request body, as a JSON pointer. */
export function pointer(
  prefix: readonly (string | number)[],
  path: readonly (string | number)[],
): string {
  const parts = [...prefix, ...path].map((p) =>
    String(p).replaceAll('~', '~0').replaceAll('/', '~1'),
  );
  return parts.length === 0 ? '' : `/${parts.join('/')}`;
}
