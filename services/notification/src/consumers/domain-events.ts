import type { DomainEvent, ForewarnEvent } from '@forewarn/contracts';
import { claimEvents, withTransaction } from '@forewarn/db';
import type { ConsumedMessage } from '@forewarn/kafka';
import type pg from 'pg';
import { contactsOf, customerNames } from '../db/contacts.js';
import { insertNotices, type NoticeToStore } from '../db/insert-notices.js';
import { applySignals } from '../db/proactivity.js';
import type { Channel } from '../domain/channels.js';
import { recordSubjectFacts } from '../db/subject-facts.js';
import { interpret } from '../domain/interpret.js';
import { planNotices } from '../domain/plan-notices.js';
import { subjectFactsOf } from '../domain/subject-facts.js';
import { templateContext } from '../templates/context.js';
import type { LinkMinter } from '../tracking/links.js';

export const CONSUMER = 'notification.domain-events';

/**
 * One transaction per batch: the inbox marks the events (source system, event id), and only those this call marked
 * produce notices and proactivity facts. A notice's unique idempotency key makes the insert
 * itself idempotent too, so a replay can never create a second notice. Once the transaction has
 * committed, `dueNow` hears the channels of the notices that are due at once (not deferred to
 * quiet hours or a digest), for their delivery workers to claim them without waiting a poll.
 */
export function handleDomainEvents(
  pool: pg.Pool,
  now: () => Date,
  links?: LinkMinter,
  dueNow?: (channels: ReadonlySet<Channel>) => void,
) {
  return async (msgs: ConsumedMessage<ForewarnEvent>[]): Promise<void> => {
    // Its topics carry domain events only (the contract's TOPIC map says which).
    const events = msgs.map((m) => m.value as DomainEvent);
    const stored = await withTransaction(pool, async (c) => {
      const todo = await claimEvents(c, CONSUMER, events);
      await recordSubjectFacts(c, subjectFactsOf(todo));
      const readings = todo.map((e) => interpret(e));
      const customers = [
        ...new Set(readings.flatMap((r) => (r.trigger ? [r.trigger.customerId] : []))),
      ];
      const [contacts, names] = await Promise.all([
        contactsOf(c, customers),
        customerNames(c, customers),
      ]);
      const at = now();
      const notices: NoticeToStore[] = [];
      for (const r of readings) {
        await applySignals(c, r.signals);
        const t = r.trigger;
        if (!t) continue;
        const theirs = contacts.filter((x) => x.customerId === t.customerId);
        for (const plan of planNotices(t, theirs, at)) {
          const customerName = names.get(t.customerId);
          const trackingLink = links?.({
            ...t,
            contactId: plan.contactId,
            language: plan.language,
          });
          const context = templateContext(t, {
            timeZone: plan.timeZone,
            ...(customerName ? { customerName } : {}),
            ...(trackingLink ? { trackingLink } : {}),
          });
          notices.push({ plan, trigger: t, context });
        }
      }
      await insertNotices(c, notices, at);
      return { notices, at };
    });
    const due = new Set<Channel>();
    for (const { plan } of stored.notices) {
      const first = plan.destinations[0];
      if (first && plan.dueAt <= stored.at) due.add(first.channel);
    }
    if (due.size > 0) dueNow?.(due);
  };
}
