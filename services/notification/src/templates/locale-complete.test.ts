import { EXCEPTION_TYPES, REQUEST_TYPES } from '@forewarn/contracts';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../domain/channels.js';
import { DEFAULT_TEMPLATES_DIR, loadTemplates, wordsOf } from './template-store.js';

const store = loadTemplates();
const languages = store.languages();

// What the detector and the carriers write is English free text; a notice in another language
// must word everything from its own catalog, so these never reach it.
const englishFromUpstream = {
  title: 'UPS now expects SHP-1 after the promised date',
  whatHappened: 'The carrier ETA is 2025-03-10, after the promised delivery date 2025-03-07.',
  whatWeAreDoing: 'We will refund the shipping cost of this shipment.',
  resolution: 'ETA back within the promise',
  reason: 'Weather delay in the Memphis hub',
  serviceLevel: 'Ground',
};

const context = {
  ...englishFromUpstream,
  customerName: 'Quincaillerie Tremblay',
  orderId: 'SO-1001',
  poNumber: 'PO-7781',
  caseId: 'CASE-1',
  trackingReference: '1Z999AA10123456784',
  reference: '1Z999AA10123456784',
  trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
  carrier: 'UPS',
  eta: '2025-03-10T17:00:00Z',
  previousEta: '2025-03-07T17:00:00Z',
  promisedDeliveryDate: '2025-03-07',
  estimatedResolution: '2025-03-11T17:00:00Z',
  caseType: 'carrier_exception',
  status: 'in_progress',
  remedyKind: 'replacement',
  escalatedTo: 'l2',
  lineCount: 2,
  sku: 'SKU-1',
  orderedQty: 4,
  shortQty: 2,
  deliveredAt: '2025-03-07T15:00:00Z',
  count: 1,
  items: [{ subject: 'Commande SO-1001 expédiée' }],
  timeZone: 'America/Toronto',
};

// Words that only English has; a French sentence carrying any of them let English through.
const ENGLISH =
  /\b(the|and|your|we|is|was|will|with|after|order|delivery|shipping|carrier|expects|promised|delay)\b/i;

const customerVisibleCaseTypes = [...EXCEPTION_TYPES, ...REQUEST_TYPES].filter(
  (t) => !['inventory_mismatch', 'chronic_breach', 'source_feed_stalled'].includes(t),
);

describe('every notice fully in the contact language', () => {
  it.each(languages)('%s words every case type, status, remedy and escalation level', (lang) => {
    const words = wordsOf(DEFAULT_TEMPLATES_DIR, lang);
    const missing = [
      ...customerVisibleCaseTypes.map((c) => ['caseType', c] as const),
      ...['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'].map(
        (c) => ['status', c] as const,
      ),
      ...[
        'credit_shipping_cost',
        'percent_credit',
        'replacement',
        'expedited_replacement',
        'executive_review',
        'none',
      ].map((c) => ['remedy', c] as const),
      ...['l1', 'l2', 'l3', 'executive'].map((c) => ['escalation', c] as const),
    ].filter(([g, c]) => !words.get(g)?.has(c));
    expect(missing).toEqual([]);
  });

  it.each([...TEMPLATE_KEYS])(
    'fr/%s contains no English sentence, even with English from upstream in the context',
    (key) => {
      const r = store.render('fr', key, context);
      for (const part of [r.subject, r.text, r.sms]) {
        const withoutLinks = part.replace(/https?:\/\/\S+/g, '');
        expect(withoutLinks, `${key}: ${withoutLinks}`).not.toMatch(ENGLISH);
      }
    },
  );

  it('fr words the case from its catalog, not from the detector text', () => {
    const r = store.render('fr', 'exception.notice', context);
    expect(r.text).toContain('Le transporteur signale un problème sur votre envoi');
    expect(r.text).toContain('nous vous envoyons un remplacement');
  });
});
