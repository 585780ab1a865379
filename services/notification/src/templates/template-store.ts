import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { TEMPLATE_KEYS } from '../domain/channels.js';
import { SECTIONS, splitSections, type Section } from './sections.js';

export type Rendered = Record<Section, string>;
export type TemplateContext = Record<string, unknown> & { lang?: string; timeZone?: string };

export interface TemplateStore {
  languages(): string[];
  /** Falls back to English for a language we have no template set for. */
  render(language: string, template: string, context: TemplateContext): Rendered;
}

/** The template sets shipped with the service: templates/<language>/<template>.hbs. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));
export const FALLBACK_LANGUAGE = 'en';
const REQUIRED = [...TEMPLATE_KEYS, 'digest'];

type Compiled = Record<Section, Handlebars.TemplateDelegate>;

function formatDate(value: unknown, root: TemplateContext): string {
  if (typeof value !== 'string' || value === '') return '';
  const zone = root.timeZone ?? 'UTC';
  const locale = root.lang ?? FALLBACK_LANGUAGE;
  // A bare date (promised delivery date) is a calendar day, not an instant: no zone shift.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return DateTime.fromISO(value).setLocale(locale).toLocaleString(DateTime.DATE_FULL);
  }
  const dt = DateTime.fromISO(value, { zone }).setLocale(locale);
  return dt.isValid ? dt.toLocaleString(DateTime.DATETIME_FULL) : value;
}

/**
 * One Handlebars environment per escaping mode: a partial is compiled once, with the options of
 * its first caller, so sharing one environment would let plain text switch off HTML escaping.
 */
function environment(dir: string, lang: string, files: string[]): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('date', function (value: unknown, options: Handlebars.HelperOptions) {
    return formatDate(value, options.data.root as TemplateContext);
  });
  const words = wordsOf(dir, lang);
  const fallback = lang === FALLBACK_LANGUAGE ? words : wordsOf(dir, FALLBACK_LANGUAGE);
  // A code (case type, status, remedy…) in the notice's own language. A word missing in this
  // language falls back to English, and templates.test.ts fails on it before a customer sees it.
  hb.registerHelper('word', (group: unknown, code: unknown) => {
    const g = String(group);
    const c = String(code);
    return words.get(g)?.get(c) ?? fallback.get(g)?.get(c) ?? c;
  });
  for (const f of files.filter((f) => f.startsWith('_'))) {
    hb.registerPartial(f.slice(1, -4), readFileSync(join(dir, lang, f), 'utf8').trimEnd());
  }
  return hb;
}

export type Words = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** templates/<lang>/_words.json: the words for codes, by group; Maps, so no code hits a prototype key. */
export function wordsOf(dir: string, lang: string): Words {
  let raw: Record<string, Record<string, string>> = {};
  try {
    raw = JSON.parse(readFileSync(join(dir, lang, '_words.json'), 'utf8')) as typeof raw;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return new Map(Object.entries(raw).map(([g, m]) => [g, new Map(Object.entries(m))]));
}

function languageSet(dir: string, lang: string): Map<string, Compiled> {
  const files = readdirSync(join(dir, lang)).filter((f) => f.endsWith('.hbs'));
  const html = environment(dir, lang, files);
  const plain = environment(dir, lang, files);
  const set = new Map<string, Compiled>();
  for (const f of files.filter((f) => !f.startsWith('_'))) {
    const sections = splitSections(readFileSync(join(dir, lang, f), 'utf8'), `${lang}/${f}`);
    const compiled = {} as Compiled;
    for (const s of SECTIONS) {
      // Only HTML is escaped; subjects, plain text and SMS are not HTML and must read as written.
      compiled[s] =
        s === 'html' ? html.compile(sections[s]) : plain.compile(sections[s], { noEscape: true });
    }
    set.set(f.slice(0, -4), compiled);
  }
  const missing = REQUIRED.filter((k) => !set.has(k));
  if (missing.length) throw new Error(`templates/${lang}: missing ${missing.join(', ')}`);
  return set;
}

const shell = (lang: string, body: string) =>
  `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>`;

/** Loads every language folder under `dir`; a new folder is a new language, no code change. */
export function loadTemplates(dir: string = DEFAULT_TEMPLATES_DIR): TemplateStore {
  const langs = new Map<string, Map<string, Compiled>>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) langs.set(entry.name, languageSet(dir, entry.name));
  }
  if (!langs.has(FALLBACK_LANGUAGE)) throw new Error(`templates: no ${FALLBACK_LANGUAGE} set`);
  return {
    languages: () => [...langs.keys()].sort(),
    render(language, template, context) {
      const lang = langs.has(language) ? language : FALLBACK_LANGUAGE;
      const t = langs.get(lang)!.get(template);
      if (!t) throw new Error(`no template ${template} in ${lang}`);
      const ctx = { ...context, lang };
      return {
        subject: t.subject(ctx).replace(/\s+/g, ' ').trim(),
        text: t.text(ctx),
        html: shell(lang, t.html(ctx)),
        sms: t.sms(ctx).replace(/\s+/g, ' ').trim(),
      };
    },
  };
}
