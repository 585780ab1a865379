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

const EDI_BADGE = {
  accepted: 'sla-due',
  accepted_with_errors: 'sla-due',
  partially_accepted: 'sla-breached',
  rejected: 'sla-breached',
  unreadable: 'sla-breached',
};

/** One line per transaction set: its type, ST-02 and fate, with the first reason when refused. */
const setLines = (sets) =>
  h(
    'ul',
    { class: 'plain edi-sets' },
    sets.map((s) =>
      h(
        'li',
        { dataset: { set: s.setId, control: s.controlNumber, status: s.status } },
        `${s.setId} ${s.controlNumber}: ${label(s.status)}`,
        s.issues.length > 0 ? h('span', { class: 'sub' }, ` — ${s.issues[0].message}`) : null,
      ),
    ),
  );

/**
 * The X12 interchanges ingestion received, newest first; the acknowledgement it returned is
 * fetched when its toggle is opened (the list does not carry it).
 * @param {(id: string) => Promise<{ acknowledgement: string } | undefined>} loadAck
 */
export function ediTable(items, loadAck) {
  const ackToggle = (ix) => {
    const code = h('code', null, 'Loading…');
    const details = h(
      'details',
      {
        class: 'edi-ack',
        ontoggle: async () => {
          if (!details.open || details.dataset.loaded) return;
          const detail = await loadAck(ix.id);
          if (!detail) return;
          details.dataset.loaded = 'yes';
          code.textContent = detail.acknowledgement.replaceAll('~', '~\n').replace(/\n+/g, '\n');
        },
      },
      h('summary', null, ix.acknowledgementType || 'Acknowledgement'),
      h('pre', null, code),
    );
    return details;
  };
  return h(
    'table',
    { class: 'queue', id: 'edi-interchanges' },
    h('caption', null, 'EDI interchanges'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        [
          'Received',
          'Sender',
          'Control number',
          'Transaction sets',
          'Status',
          'Acknowledgement',
        ].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      items.length === 0
        ? h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'No interchanges received yet.'))
        : items.map((ix) =>
            h(
              'tr',
              { dataset: { id: ix.id, status: ix.status, control: ix.controlNumber ?? '' } },
              h('td', null, timeEl(ix.receivedAt)),
              h(
                'th',
                { scope: 'row' },
                ix.sender ? `${ix.sender.qualifier}:${ix.sender.id}` : 'Unknown sender',
                h('span', { class: 'sub' }, ` (${ix.sourceSystem})`),
              ),
              h('td', { class: 'edi-control' }, ix.controlNumber ?? '—'),
              h(
                'td',
                null,
                // A body that was not X12 has no sets: what was wrong with it instead.
                ix.refusal
                  ? h(
                      'span',
                      { class: 'edi-refusal' },
                      `Not readable as X12: ${ix.refusal.message}`,
                    )
                  : setLines(ix.transactionSets),
              ),
              h(
                'td',
                null,
                h('span', { class: `badge ${EDI_BADGE[ix.status] ?? ''}` }, label(ix.status)),
                ix.duplicateOf ? h('span', { class: 'sub' }, ' duplicate') : null,
              ),
              h(
                'td',
                null,
                ix.acknowledgementType ? ackToggle(ix) : h('span', { class: 'muted' }, 'None sent'),
              ),
            ),
          ),
    ),
  );
}
