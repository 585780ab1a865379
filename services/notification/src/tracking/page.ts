import { DateTime } from 'luxon';
import type { Words } from '../templates/template-store.js';
import type { TrackingView } from './view.js';

/** The page's words in its language, English for a word the language lacks (a test forbids that). */
export interface PageWords {
  lang: string;
  word(group: string, code: string): string;
}

export function pageWords(lang: string, words: Words, fallback: Words): PageWords {
  return {
    lang,
    word: (g, c) => words.get(g)?.get(c) ?? fallback.get(g)?.get(c) ?? c,
  };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value an owner or a customer wrote goes through this before it reaches the page. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f4f6f8}
main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border-radius:.6rem;padding:.8rem 1rem;margin:.5rem 0;box-shadow:0 1px 2px #0002}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.3rem 0}dt{color:#5a6472}dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:1rem;padding:.1rem .6rem;font-size:.85rem;font-weight:600}
.late{background:#fde2e1;color:#9b1c1c}.ok{background:#dcf5e3;color:#14532d}
ol,ul{list-style:none;padding:0;margin:0}li.event{display:flex;gap:.8rem;padding:.35rem 0;border-bottom:1px solid #e5e8ec}
li.event time{color:#5a6472;min-width:9.5rem;font-size:.9rem}.muted{color:#5a6472}`;

function shell(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function when(iso: string | null, view: Pick<TrackingView, 'lang' | 'timeZone'>): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: view.timeZone }).setLocale(view.lang);
  return dt.isValid ? dt.toLocaleString(DateTime.DATETIME_MED) : iso;
}

const time = (iso: string | null, view: TrackingView) =>
  iso ? `<time datetime="${esc(iso)}">${esc(when(iso, view))}</time>` : '';

const section = (id: string, title: string, body: string) =>
  `<section aria-labelledby="${id}"><h2 id="${id}">${esc(title)}</h2>${body}</section>`;

/** The tracking page of one order, in the link's language, every value escaped. */
export function renderPage(view: TrackingView, w: PageWords): string {
  const t = (code: string) => esc(w.word('track', code));
  const o = view.order;
  const header = `<h1>${t('title')} ${esc(o.orderId)}</h1>
<div class="card"><dl>
<dt>${t('po')}</dt><dd>${esc(o.poNumber)}</dd>
<dt>${t('status')}</dt><dd id="order-status">${esc(w.word('orderStatus', o.status))}</dd>
${o.deliverBy ? `<dt>${t('promise')}</dt><dd>${time(o.deliverBy, view)}</dd>` : ''}
</dl></div>`;

  const lines = `<ul class="card">${view.lines
    .map(
      (l) =>
        `<li class="event"><span>${esc(l.description ?? l.sku)}</span><span class="muted">${l.orderedQty} ${t('orderedQty')} · ${l.shippedQty} ${t('shippedQty')}</span></li>`,
    )
    .join('')}</ul>`;

  const shipments = view.shipments.length
    ? view.shipments
        .map((s) => {
          const badge =
            s.late === null
              ? ''
              : `<span class="badge ${s.late ? 'late' : 'ok'}">${t(s.late ? 'late' : 'onTime')}</span>`;
          const arrival = s.deliveredAt
            ? `<dt>${t('delivered')}</dt><dd>${time(s.deliveredAt, view)}</dd>`
            : `<dt>${t('eta')}</dt><dd>${s.eta ? time(s.eta, view) : t('noEta')}</dd>`;
          return `<div class="card shipment" data-shipment="${esc(s.shipmentId)}">
<p><strong>${esc(w.word('shipmentStatus', s.status))}</strong> ${badge}</p><dl>
<dt>${t('carrier')}</dt><dd>${esc(s.carrier.toUpperCase())}</dd>
<dt>${t('trackingNumber')}</dt><dd>${esc(s.trackingNumbers.join(', '))}</dd>
${arrival}</dl></div>`;
        })
        .join('\n')
    : `<p class="muted">${t('noShipments')}</p>`;

  const issues = view.issues.length
    ? view.issues
        .map(
          (
            i,
          ) => `<div class="card issue"><p><strong>${esc(w.word('caseType', i.caseType))}</strong> · ${esc(w.word('status', i.status))}</p><dl>
<dt>${t('whatWeDo')}</dt><dd>${esc(w.word('remedy', i.remedyKind))}</dd>
<dt>${t('resolutionBy')}</dt><dd>${time(i.resolutionBy, view)}</dd></dl></div>`,
        )
        .join('\n')
    : `<p class="muted">${t('noIssues')}</p>`;

  const requests = view.requests.length
    ? view.requests
        .map(
          (
            r,
          ) => `<div class="card request"><p><strong>${esc(w.word('caseType', r.requestType))}</strong> · ${esc(w.word('status', r.status))}</p><dl>
<dt>${t('answerBy')}</dt><dd>${time(r.answerBy, view)}</dd>
<dt>${t('resolutionBy')}</dt><dd>${time(r.resolutionBy, view)}</dd></dl></div>`,
        )
        .join('\n')
    : `<p class="muted">${t('noRequests')}</p>`;

  const timeline = `<ol class="card">${view.timeline
    .map(
      (e) =>
        `<li class="event">${time(e.at, view)}<span>${esc(w.word('event', e.type))}</span></li>`,
    )
    .join('')}</ol>`;

  const notices = view.notices.length
    ? `<ol class="card">${view.notices
        .map(
          (n) =>
            `<li class="event">${time(n.sentAt, view)}<span>${esc(w.word('notice', n.template))} (${esc(w.word('channel', n.channel))})</span></li>`,
        )
        .join('')}</ol>`
    : '';

  const body = [
    header,
    view.unavailable.length ? `<p class="card muted" role="status">${t('unavailable')}</p>` : '',
    section('shipments', w.word('track', 'shipments'), shipments),
    view.lines.length ? section('lines', w.word('track', 'lines'), lines) : '',
    section('issues', w.word('track', 'issues'), issues),
    section('requests', w.word('track', 'requests'), requests),
    view.timeline.length ? section('timeline', w.word('track', 'timeline'), timeline) : '',
    notices ? section('notices', w.word('track', 'notices'), notices) : '',
  ].join('\n');
  return shell(view.lang, `${w.word('track', 'title')} ${o.orderId}`, body);
}

/**
 * The one answer to a forged, expired or foreign link (it never says which), or to owners that
 * cannot be read just now.
 */
export function renderMessage(w: PageWords, body: 'notFoundBody' | 'unavailable'): string {
  const title = w.word('track', 'notFoundTitle');
  return shell(
    w.lang,
    title,
    `<h1>${esc(title)}</h1><p class="card">${esc(w.word('track', body))}</p>`,
  );
}
