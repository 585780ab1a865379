import { createHash } from 'node:crypto';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { Channel, DeliveryMode, TemplateKey } from './channels.js';
import { EXCEPTION_TEMPLATES } from './channels.js';
import { addressFor, effectivePreferences, type Contact } from './preferences.js';
import { nextLocalTime, releaseTime } from './quiet-hours.js';
import type { Trigger } from './triggers.js';

/**
 * The at-most-once key of a notice: one per (recipient, triggering event, template). The
 * recipient is a contact and route ("primary" chain or an extra exception channel).
 */
export function idempotencyKey(recipient: string, triggerEventId: string, template: string) {
  return createHash('sha256').update(`${recipient}|${triggerEventId}|${template}`).digest('hex');
}

export interface Destination {
  channel: Channel;
  address: string;
}

/** One notice to one recipient, decided and scheduled, not yet sent. */
export interface PlannedNotice {
  noticeId: string;
  idempotencyKey: string;
  customerId: string;
  contactId: string;
  recipient: string;
  template: TemplateKey;
  language: string;
  timeZone: string;
  /** Tried in order; a single entry when the contact does not want failover. */
  destinations: Destination[];
  mode: DeliveryMode;
  dueAt: Date;
  critical: boolean;
}

function destinations(contact: Contact, channels: readonly Channel[]): Destination[] {
  return channels.flatMap((channel) => {
    const address = addressFor(contact, channel);
    return address ? [{ channel, address }] : [];
  });
}

/**
 * Who hears about a trigger, on which channels and when. Critical notices go now whatever the
 * quiet hours and digest settings say; digests wait for the contact's next digest time; the rest
 * wait for the end of the quiet window they fall in.
 */
export function planNotices(
  trigger: Trigger,
  contacts: readonly Contact[],
  now: Date,
): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  for (const contact of contacts) {
    const prefs = effectivePreferences(contact, trigger.customerTier, trigger.timeZone);
    if (prefs.events !== 'all' && !prefs.events.includes(trigger.template)) continue;
    const chain = prefs.failover ? prefs.channels : prefs.channels.slice(0, 1);
    const routes: { route: string; channels: Channel[] }[] = [];
    if (chain.length > 0) routes.push({ route: 'primary', channels: chain });
    if (EXCEPTION_TEMPLATES.includes(trigger.template)) {
      for (const extra of prefs.exceptionChannels) {
        if (!chain.includes(extra)) routes.push({ route: extra, channels: [extra] });
      }
    }
    const digest = prefs.mode === 'digest' && !trigger.critical;
    const dueAt = trigger.critical
      ? now
      : digest
        ? nextLocalTime(now, prefs.digestAt, prefs.timeZone)
        : releaseTime(now, prefs.quietHours);
    for (const { route, channels } of routes) {
      const recipient = `${contact.contactId}/${route}`;
      const key = idempotencyKey(recipient, trigger.onceFor ?? trigger.eventId, trigger.template);
      out.push({
        noticeId: nameUuid(ID_SCHEMES.notification, 'notice', key),
        idempotencyKey: key,
        customerId: trigger.customerId,
        contactId: contact.contactId,
        recipient,
        template: trigger.template,
        language: prefs.language,
        timeZone: prefs.timeZone,
        destinations: destinations(contact, channels),
        mode: digest ? 'digest' : 'immediate',
        dueAt,
        critical: trigger.critical,
      });
    }
  }
  return out;
}
