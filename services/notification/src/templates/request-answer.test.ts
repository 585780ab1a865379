import { orderStatus, REQUEST_TYPES, shipmentStatus } from '@forewarn/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, loadTemplates, wordsOf } from './template-store.js';

const store = loadTemplates();
const languages = store.languages();
const context = (caseType: string) => ({
  customerName: 'Quincaillerie Tremblay',
  caseId: 'CASE-9',
  caseType,
  orderId: 'SO-1001',
  poNumber: 'PO-7781',
  reference: 'PO-7781',
  firstResponseDueAt: '2025-03-06T18:00:00Z',
  estimatedResolution: '2025-03-07T14:00:00Z',
  timeZone: 'America/Toronto',
});
const ENGLISH =
  /\b(the|and|your|we|is|was|will|with|after|order|delivery|shipping|carrier|expects|promised|delay)\b/i;

describe('the first answer to each customer request type', () => {
  const rows = languages.flatMap((lang) => REQUEST_TYPES.map((t) => [lang, t] as const));

  it.each(rows)('%s answers %s with its own words and the first-response time', (lang, type) => {
    const answer = wordsOf(DEFAULT_TEMPLATES_DIR, lang).get('requestAnswer')?.get(type);
    expect(answer, `${lang} requestAnswer.${type}`).toBeTruthy();
    const r = store.render(lang, 'request.received', context(type));
    expect(r.text).toContain(answer);
    expect(r.html).toContain('2025');
    expect(r.sms).toContain('PO-7781');
    if (lang === 'fr') {
      for (const part of [r.subject, r.text, r.sms]) expect(part).not.toMatch(ENGLISH);
    }
  });

  it.each(languages)('%s words each type differently', (lang) => {
    const texts = REQUEST_TYPES.map((t) => store.render(lang, 'request.received', context(t)).text);
    expect(new Set(texts).size).toBe(REQUEST_TYPES.length);
  });
});

describe('the tracking page vocabulary', () => {
  const en = wordsOf(DEFAULT_TEMPLATES_DIR, 'en');

  it('en words every order and shipment status of the contract', () => {
    const missing = [
      ...orderStatus().zod.options.filter((s) => !en.get('orderStatus')?.has(s)),
      ...shipmentStatus().zod.options.filter((s) => !en.get('shipmentStatus')?.has(s)),
    ];
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s has every page word English has', (lang) => {
    const words = wordsOf(DEFAULT_TEMPLATES_DIR, lang);
    const missing = [
      'track',
      'orderStatus',
      'shipmentStatus',
      'event',
      'requestAnswer',
      'notice',
      'channel',
    ].flatMap((g) =>
      [...(en.get(g)?.keys() ?? [])].filter((k) => !words.get(g)?.has(k)).map((k) => `${g}.${k}`),
    );
    expect(missing).toEqual([]);
  });
});
