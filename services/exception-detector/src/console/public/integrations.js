// The integration health page: every source feed as ingestion reports it, and the dead letters
// of the consumer groups it watches, each with its reason and original payload, replayable or
// discardable by the roles the API allows (it checks; the page only hides what it knows is refused).
import { DEAD_LETTER_SETTLERS } from './abilities.js';
import { h, label, timeEl } from './view.js';

const minutes = (m) =>
  m === null || m === undefined
    ? '—'
    : m < 60
      ? `${Math.round(m)} min`
      : `${(m / 60).toFixed(1)} h`;

export function feedsTable(feeds) {
  return h(
    'table',
    { class: 'queue', id: 'feeds' },
    h('caption', null, 'Source feeds'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        [
          'Source',
          'State',
          'Last event',
          'Last received',
          'Silent for',
          'Events / min',
          'Events',
          'Refused',
          'Dead-lettered',
        ].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      feeds.map((f) =>
        h(
          'tr',
          { dataset: { source: f.source, stalled: String(f.stalled) } },
          h('th', { scope: 'row' }, f.source),
          h(
            'td',
            null,
            h(
              'span',
              { class: `badge ${f.stalled ? 'sla-breached' : 'sla-due'}` },
              f.stalled ? 'Stalled' : f.activeNow ? 'Flowing' : 'Quiet hours',
            ),
          ),
          h('td', null, timeEl(f.lastOccurredAt)),
          h('td', null, timeEl(f.lastReceivedAt)),
          h('td', null, minutes(f.silentMinutes)),
          h('td', null, f.eventsPerMinute.toFixed(1)),
          h('td', null, String(f.eventsTotal)),
          h('td', null, String(f.rejectsTotal)),
          h('td', null, String(f.dlqTotal)),
        ),
      ),
    ),
  );
}

function settledText(s) {
  if (!s) return null;
  const by = s.by ? ` by ${s.by}` : '';
  return s.discarded
    ? ['Discarded', by, ', ', timeEl(s.at)]
    : ['Replayed to ', h('code', null, s.toTopic), by, ', ', timeEl(s.at)];
}

/** @param {(group: string, id: string, action: 'replay' | 'discard') => void} settle */
export function deadLetterSections(groups, me, settle) {
  const may = DEAD_LETTER_SETTLERS.includes(me.role);
  return groups.map((g) =>
    h(
      'section',
      { class: 'card', 'aria-labelledby': `dlq-${g.group}`, dataset: { group: g.group } },
      h(
        'h3',
        { id: `dlq-${g.group}` },
        `${label(g.group)}: ${g.unsettled} waiting of ${g.entries.length}`,
      ),
      g.entries.length === 0
        ? h('p', { class: 'muted' }, 'No dead letters.')
        : h(
            'ul',
            { class: 'plain dead-letters' },
            g.entries.map((e) =>
              h(
                'li',
                { class: 'dead-letter', dataset: { id: e.id, settled: e.settled ? 'yes' : 'no' } },
                h(
                  'p',
                  null,
                  h('strong', null, label(e.reason ?? 'unknown reason')),
                  ` — ${e.error ?? 'no error recorded'}`,
                ),
                h(
                  'p',
                  { class: 'sub' },
                  `Entry ${e.id} · event ${e.eventId ?? '?'} · from ${e.source.topic ?? '?'} · failed `,
                  timeEl(e.failedAt),
                ),
                h(
                  'details',
                  null,
                  h('summary', null, `Original payload (${e.payload.format})`),
                  h('pre', null, h('code', null, JSON.stringify(e.payload.value, null, 2))),
                ),
                e.settled
                  ? h('p', { class: 'settled' }, settledText(e.settled))
                  : may
                    ? h(
                        'div',
                        { class: 'buttons' },
                        h(
                          'button',
                          { type: 'button', onclick: () => settle(g.group, e.id, 'replay') },
                          'Replay',
                        ),
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'secondary',
                            onclick: () => settle(g.group, e.id, 'discard'),
                          },
                          'Discard',
                        ),
                      )
                    : null,
              ),
            ),
          ),
    ),
  );
}
