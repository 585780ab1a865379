import { mkdtempSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../domain/channels.js';
import { DEFAULT_TEMPLATES_DIR, loadTemplates } from './template-store.js';

const store = loadTemplates();
const base = {
  customerName: 'Acme Industrial',
  orderId: 'SO-1001',
  poNumber: 'PO-7781',
  trackingReference: '1Z999AA10123456784',
  reference: '1Z999AA10123456784',
  carrier: 'ups',
  eta: '2025-03-10T17:00:00Z',
  previousEta: '2025-03-07T17:00:00Z',
  timeZone: 'America/New_York',
};

describe('templates', () => {
  it('ships an English and a French set covering every notice', () => {
    expect(store.languages()).toEqual(['en', 'fr']);
    for (const lang of ['en', 'fr']) {
      for (const key of TEMPLATE_KEYS) {
        const r = store.render(lang, key, { ...base, title: 'T', status: 'open' });
        expect(r.subject.length, `${lang}/${key}`).toBeGreaterThan(0);
        expect(r.text, `${lang}/${key} carries the tracking reference`).toContain(
          '1Z999AA10123456784',
        );
        expect(r.html).toContain('1Z999AA10123456784');
      }
    }
  });

  it('renders the delay in the recipient language and time zone', () => {
    const en = store.render('en', 'shipment.delayed', base);
    const fr = store.render('fr', 'shipment.delayed', base);
    expect(en.subject).toBe('Delayed: new delivery estimate for 1Z999AA10123456784');
    expect(en.text).toContain('March 10, 2025 at 1:00 PM EDT');
    expect(fr.subject).toBe('Retard : nouvelle date de livraison pour 1Z999AA10123456784');
    expect(fr.text).toContain('10 mars 2025');
    expect(fr.text).toContain('Numéro de suivi 1Z999AA10123456784');
  });

  it('quotes the PO when there is no tracking number yet', () => {
    const r = store.render('en', 'order.confirmed', {
      ...base,
      trackingReference: null,
      lineCount: 2,
      promisedDeliveryDate: '2025-03-07',
    });
    expect(r.text).toContain('Your PO PO-7781');
    expect(r.text).toContain('March 7, 2025');
  });

  it('escapes customer data in HTML and leaves the plain-text part readable', () => {
    const r = store.render('en', 'shipment.shipped', {
      ...base,
      customerName: '<script>alert("x")</script> & Co',
    });
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(r.text).toContain('Hello <script>alert("x")</script> & Co,');
  });

  it('escapes values rendered through the shared reference partial', () => {
    const r = store.render('en', 'shipment.shipped', { ...base, trackingReference: '<b>1Z</b>' });
    expect(r.html).toContain('&lt;b&gt;1Z&lt;/b&gt;');
  });

  it('falls back to English for a language without a template set', () => {
    expect(store.render('de', 'shipment.delivered', base).subject).toMatch(/^Delivered/);
  });

  it('takes a new language from a new folder, and refuses an incomplete set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    cpSync(join(dir, 'en'), join(dir, 'es'), { recursive: true });
    expect(loadTemplates(dir).languages()).toEqual(['en', 'es', 'fr']);
    mkdirSync(join(dir, 'it'));
    writeFileSync(
      join(dir, 'it', 'digest.hbs'),
      '=== subject\nx\n=== text\nx\n=== html\nx\n=== sms\nx\n',
    );
    expect(() => loadTemplates(dir)).toThrow(/templates\/it: missing order.confirmed/);
  });
});
