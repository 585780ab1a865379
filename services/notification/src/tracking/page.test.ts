import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, loadTemplates, wordsOf } from '../templates/template-store.js';
import type { OwnerFacts } from './owners.js';
import { esc, pageWords, renderMessage, renderPage } from './page.js';
import { trackingView } from './view.js';

const words = (lang: string) =>
  pageWords(lang, wordsOf(DEFAULT_TEMPLATES_DIR, lang), wordsOf(DEFAULT_TEMPLATES_DIR, 'en'));

const request = (requestId: string, requestType: string) => ({
  requestId,
  requestType,
  at: '2025-03-06T07:00:00Z',
});
const facts: OwnerFacts = {
  order: {
    orderId: 'SO-1001',
    customerId: 'C-LYON',
    poNumber: 'PO-<script>alert(1)</script>',
    status: 'shipped',
    timezone: 'Europe/Paris',
    lines: [
      { lineNo: 1, sku: 'SKU-1', description: 'Boulons M8', orderedQty: 100, shippedQty: 60 },
    ],
  },
  promise: { shipBy: '2025-03-05T16:00:00Z', deliverBy: '2025-03-07T16:00:00Z' },
  timeline: [
    { at: '2025-03-04T09:00:00Z', type: 'erp.order.created' },
    { at: '2025-03-05T15:00:00Z', type: 'wms.shipment.confirmed' },
    { at: '2025-03-06T08:00:00Z', type: 'shipment.eta-changed' },
  ],
  shipments: [
    {
      shipmentId: 'SHP-LATE',
      carrier: 'ups',
      trackingNumbers: ['1Z1'],
      status: 'in_transit',
      statusAt: '2025-03-06T08:00:00Z',
      eta: '2025-03-09T12:00:00Z',
      deliveredAt: null,
    },
    {
      shipmentId: 'SHP-OK',
      carrier: 'fedex',
      trackingNumbers: ['7777'],
      status: 'delivered',
      statusAt: '2025-03-06T10:00:00Z',
      eta: '2025-03-09T12:00:00Z',
      deliveredAt: '2025-03-06T10:00:00Z',
    },
  ],
  cases: [
    {
      caseId: 'case-delay',
      caseType: 'carrier_delay',
      origin: 'proactive',
      status: 'open',
      openedAt: '2025-03-06T08:00:00Z',
      resolvedAt: null,
      firstResponseDueAt: '2025-03-06T12:00:00Z',
      resolutionDueAt: '2025-03-08T08:00:00Z',
      remedy: { kind: 'credit_shipping_cost', dueBy: null },
      requests: [request('rq-1', 'track_parcel')],
    },
    {
      // The request case merged into the delay case: its request shows once, with the open case.
      caseId: 'case-rq-1',
      caseType: 'track_parcel',
      origin: 'customer',
      status: 'resolved',
      openedAt: '2025-03-06T07:00:00Z',
      resolvedAt: '2025-03-06T08:00:00Z',
      firstResponseDueAt: '2025-03-06T11:00:00Z',
      resolutionDueAt: '2025-03-07T07:00:00Z',
      remedy: null,
      requests: [request('rq-1', 'track_parcel')],
    },
    {
      caseId: 'case-customs',
      caseType: 'held_in_customs',
      origin: 'customer',
      status: 'in_progress',
      openedAt: '2025-03-06T09:00:00Z',
      resolvedAt: null,
      firstResponseDueAt: '2025-03-06T17:00:00Z',
      resolutionDueAt: '2025-03-10T09:00:00Z',
      remedy: null,
      requests: [{ ...request('rq-2', 'held_in_customs'), at: '2025-03-06T09:00:00Z' }],
    },
    {
      caseId: 'case-internal',
      caseType: 'inventory_mismatch',
      origin: 'proactive',
      status: 'open',
      openedAt: '2025-03-06T09:00:00Z',
      resolvedAt: null,
      firstResponseDueAt: '2025-03-06T17:00:00Z',
      resolutionDueAt: '2025-03-10T09:00:00Z',
      remedy: null,
      requests: [],
    },
  ],
};
const notices = [
  { template: 'shipment.delayed', channel: 'email', sentAt: '2025-03-06T08:01:00Z' },
];

/** The words a reader sees: tags, ids, codes and dates' digits removed. */
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');
const ENGLISH =
  /\b(the|and|your|we|is|was|will|with|after|order|delivery|shipping|carrier|expects|promised|delay|late|parcel|status|on time|request|shipped)\b/i;

describe('the tracking view', () => {
  const view = trackingView(facts, notices, 'fr');

  it('measures each shipment against the deliver-by instant the order service gave', () => {
    expect(view.shipments.map((s) => [s.shipmentId, s.late])).toEqual([
      ['SHP-LATE', true],
      ['SHP-OK', false],
    ]);
    expect(trackingView({ ...facts, promise: null }, [], 'fr').shipments[0]?.late).toBeNull();
  });

  it('shows open issues the customer may see, with what we do, and each request once', () => {
    expect(view.issues).toEqual([
      expect.objectContaining({ caseType: 'carrier_delay', remedyKind: 'credit_shipping_cost' }),
    ]);
    expect(view.requests.map((r) => [r.requestType, r.status])).toEqual([
      ['held_in_customs', 'in_progress'],
      ['track_parcel', 'open'],
    ]);
  });

  it('says which owner could not be read instead of guessing', () => {
    expect(trackingView({ ...facts, cases: null, shipments: null }, [], 'en').unavailable).toEqual([
      'shipments',
      'cases',
    ]);
  });
});

describe('the tracking page', () => {
  it('in French, words everything from the catalog: no English sentence', () => {
    const html = renderPage(trackingView(facts, notices, 'fr'), words('fr'));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('name="viewport"');
    const text = visibleText(html);
    expect(text).toContain('Plus tard que promis');
    expect(text).toContain('Retenu en douane');
    expect(text).toContain('100 commandés · 60 expédiés');
    expect(text).toContain('nous vous remboursons les frais de port');
    expect(text).not.toMatch(ENGLISH);
  });

  it('in English, says the same facts', () => {
    const text = visibleText(renderPage(trackingView(facts, notices, 'en'), words('en')));
    expect(text).toContain('Later than promised');
    expect(text).toContain('On time');
    expect(text).toContain('Held in customs');
    expect(text).not.toContain('inventory');
  });

  it('escapes what owners and customers wrote', () => {
    const html = renderPage(trackingView(facts, [], 'en'), words('en'));
    expect(html).not.toContain('<script>');
    expect(html).toContain(esc('PO-<script>alert(1)</script>'));
  });

  it('answers a bad link with one message that does not say what was wrong', () => {
    const fr = visibleText(renderMessage(words('fr'), 'notFoundBody'));
    expect(fr).toContain('Lien non valable');
    expect(fr).not.toMatch(ENGLISH);
    expect(visibleText(renderMessage(words('en'), 'notFoundBody'))).toContain('not valid');
  });
});

describe('notices carry the tracking link', () => {
  const store = loadTemplates();
  it.each(['en', 'fr'])('%s notices end their reference with the link', (lang) => {
    const link = 'https://track.example.com/track/abc.def';
    const r = store.render(lang, 'shipment.delayed', {
      orderId: 'SO-1',
      reference: 'SO-1',
      trackingLink: link,
      eta: '2025-03-09T12:00:00Z',
      customerName: 'X',
    });
    for (const part of [r.text, r.sms]) expect(part).toContain(link);
    const without = store.render(lang, 'shipment.delayed', { orderId: 'SO-1', reference: 'SO-1' });
    expect(without.text).not.toContain('/track/');
  });
});
