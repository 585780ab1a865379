import { addBusinessMinutes } from '../calendar/business-calendar.js';
import { calendarFor } from '../calendar/regions.js';
import type { TenantPolicy } from '../policy.js';
import type { Subject } from '../types.js';
import { timerId, type Signal } from './signals.js';

export interface FeedSeen {
  tenantId: string;
  sourceSystem: string;
  eventId: string;
  type: string;
  /** When the detector saw the event: silence is measured on arrival, not on source time. */
  seenAt: Date;
}

/** Each event of a source re-arms its silence timer and clears a stalled-feed case. */
export function feedRules(seen: FeedSeen, policy: TenantPolicy): Signal[] {
  const feed = policy.feeds[seen.sourceSystem] ?? policy.defaultFeed;
  if (!feed) return [];
  const cal = calendarFor(policy.calendars, feed.calendarId);
  const subject: Subject = { kind: 'source_system', id: seen.sourceSystem };
  return [
    {
      kind: 'schedule',
      timer: {
        timerId: timerId('feed_stalled', seen.tenantId, seen.sourceSystem),
        kind: 'feed_stalled',
        tenantId: seen.tenantId,
        subject,
        dueAt: addBusinessMinutes(cal, seen.seenAt, feed.silentMinutes).toISOString(),
        detail: { lastSeenAt: seen.seenAt.toISOString(), silentMinutes: feed.silentMinutes },
      },
    },
    {
      kind: 'clear',
      caseType: 'source_feed_stalled',
      subject,
      reason: `${seen.sourceSystem} sends events again`,
      evidence: {
        eventId: seen.eventId,
        type: seen.type,
        occurredAt: seen.seenAt.toISOString(),
        summary: `${seen.type} received from ${seen.sourceSystem}`,
      },
    },
  ];
}
