// Bulk actions on the queue: one of the API's per-case commands applied to each selected case in
// turn. The detector has no bulk command, so each case is its own request, audited on its own,
// and may be refused on its own; cases the role may not act on that way are skipped up front.
import { abilitiesFor } from './abilities.js';

export const BULK_ACTIONS = {
  claim: {
    title: 'Claim',
    done: 'claimed',
    may: (can) => can.claim,
    body: () => ({}),
  },
  escalate: {
    title: 'Escalate one level',
    done: 'escalated',
    needsReason: true,
    // One level up, as the API does without `to`; a case already as high as the role reaches is skipped.
    may: (can) => can.escalateTo.length > 0,
    body: (reason) => ({ reason }),
  },
  resolve: {
    title: 'Resolve',
    done: 'resolved',
    needsReason: true,
    may: (can) => can.resolve,
    body: (reason) => ({ resolution: 'resolved_by_csr', reason }),
  },
  reassign: {
    title: 'Reassign',
    done: 'reassigned',
    // To a named user and/or a queue (`to`); the reason is optional. A case already there is skipped.
    needsTarget: true,
    may: (can, c, to) =>
      can.reassign &&
      !(
        (to.queue ?? c.assignee.queue) === c.assignee.queue &&
        (to.userId === undefined || to.userId === c.assignee.userId)
      ),
    body: (reason, to) => ({ ...to, ...(reason ? { reason } : {}) }),
  },
};

/**
 * Where a bulk reassignment sends the cases, from the form's two fields (empty: unchanged).
 * @param {string} userId @param {string} queue
 */
export const reassignTarget = (userId, queue) => ({
  ...(userId.trim() ? { userId: userId.trim() } : {}),
  ...(queue.trim() ? { queue: queue.trim() } : {}),
});

/**
 * Which of the selected cases the action runs on, and which it skips.
 * @param {{ name: string | null, role: string }} me
 * @param {any[]} cases queue summaries
 * @param {keyof typeof BULK_ACTIONS} action
 * @param {{ userId?: string, queue?: string }} [to] where a reassignment sends them
 */
export function bulkPlan(me, cases, action, to = {}) {
  const a = BULK_ACTIONS[action];
  const run = [];
  const skipped = [];
  for (const c of cases) (a.may(abilitiesFor(me, c), c, to) ? run : skipped).push(c);
  return { run, skipped };
}

/**
 * Runs the action on each case, one after another (the API serialises work on a case anyway,
 * and a burst would only compete with the CSRs' own clicks).
 * @param {{ run: any[] }} plan
 * @param {(caseId: string, path: string, body: unknown) => Promise<unknown>} act
 * @param {{ userId?: string, queue?: string }} [to] where a reassignment sends them
 */
export async function runBulk(plan, action, reason, act, to = {}) {
  const a = BULK_ACTIONS[action];
  const results = [];
  for (const c of plan.run) {
    try {
      await act(c.caseId, action, a.body(reason, to));
      results.push({ caseId: c.caseId, ok: true });
    } catch (err) {
      results.push({
        caseId: c.caseId,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return results;
}

/** What happened, in one sentence: done, refused (with why), skipped. */
export function bulkSummary(action, results, skipped) {
  const a = BULK_ACTIONS[action];
  const ok = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  const parts = [`${a.title}: ${ok} of ${results.length + skipped.length} ${a.done}`];
  if (refused.length)
    parts.push(
      `${refused.length} refused (${refused.map((r) => `${r.caseId.slice(0, 8)}: ${r.error}`).join('; ')})`,
    );
  if (skipped.length) parts.push(`${skipped.length} skipped (not open to this action)`);
  return `${parts.join('; ')}.`;
}
