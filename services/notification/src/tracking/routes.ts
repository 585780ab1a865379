import { errors, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { listNotices } from '../db/notice-queries.js';
import { FALLBACK_LANGUAGE, wordsOf, type Words } from '../templates/template-store.js';
import type { TrackingConfig } from './config.js';
import { verifyLink, type LinkClaims } from './link-token.js';
import { lookUpOrder } from './owners.js';
import { pageWords, renderMessage, renderPage, type PageWords } from './page.js';
import { trackingView, type TrackingView } from './view.js';

export interface TrackingRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
  config: TrackingConfig;
  templatesDir: string;
}

// A wildcard, not `:token`: a signed token is longer than the router's limit for a parameter.
// No length rule here: an empty or oversized token is a bad link like any other (404, not 400).
const params = z.object({ '*': z.string() });
const OPEN = 'customer tracking page: the signed, expiring token in the path is the credential';
// The page is the customer's alone: never cached on the way, never sent on as a referrer,
// never framed, nothing loaded from elsewhere.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/** GET /track/<token> (the page) and GET /v1/track/<token> (the same view as JSON). */
export function trackingRoutes(opts: TrackingRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const catalogs = new Map<string, Words>();
    const words = (lang: string): PageWords => {
      const of = (l: string) => {
        if (!catalogs.has(l)) catalogs.set(l, wordsOf(opts.templatesDir, l));
        return catalogs.get(l)!;
      };
      // Only a two-letter code names a catalog folder: nothing else reaches the file system.
      const base = /^[a-z]{2}/.exec(lang.toLowerCase())?.[0] ?? FALLBACK_LANGUAGE;
      const own = of(base);
      const known = own.size > 0 ? base : FALLBACK_LANGUAGE;
      return pageWords(known, of(known), of(FALLBACK_LANGUAGE));
    };
    /** For a link we cannot read: the browser's first language we have words for. */
    const browserWords = (accept: string | undefined): PageWords => {
      const first = (accept ?? '')
        .split(',')
        .map((p) => p.trim().slice(0, 2).toLowerCase())
        .find((l) => /^[a-z]{2}$/.test(l) && words(l).lang === l);
      return words(first ?? FALLBACK_LANGUAGE);
    };

    /** The view behind a token, or why there is none (never which part of the token failed). */
    const load = async (
      token: string,
    ): Promise<
      | { kind: 'view'; view: TrackingView; claims: LinkClaims }
      | { kind: 'not_found' }
      | { kind: 'unavailable'; lang?: string }
    > => {
      const claims = verifyLink(opts.config.secret, token, opts.now());
      if (!claims) return { kind: 'not_found' };
      const found = await lookUpOrder(opts.config.owners, claims.orderId, claims.customerId);
      if (found.kind === 'not_found') return found;
      if (found.kind === 'unavailable') return { kind: 'unavailable', lang: claims.lang };
      const sent = (
        await listNotices(opts.pool, {
          customerId: claims.customerId,
          orderId: claims.orderId,
          status: 'sent',
          limit: 50,
        })
      ).flatMap((n) =>
        n.sentAt ? [{ template: n.template, channel: n.channel, sentAt: n.sentAt }] : [],
      );
      return {
        kind: 'view',
        view: trackingView(found.facts, sent, words(claims.lang).lang),
        claims,
      };
    };

    app.get(
      '/track/*',
      {
        config: { open: OPEN },
        schema: { hide: true, params },
      },
      async (req, reply) => {
        void reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
        const r = await load(req.params['*']).catch((): { kind: 'unavailable'; lang?: string } => ({
          kind: 'unavailable',
        }));
        if (r.kind === 'view') return renderPage(r.view, words(r.view.lang));
        const w = browserWords(req.headers['accept-language']);
        if (r.kind === 'not_found') return reply.code(404).send(renderMessage(w, 'notFoundBody'));
        // A genuine link whose order cannot be read now: say so in the link's language.
        const said = r.lang ? words(r.lang) : w;
        return reply.code(503).header('retry-after', '60').send(renderMessage(said, 'unavailable'));
      },
    );

    app.get(
      '/v1/track/*',
      {
        config: { open: OPEN },
        schema: {
          tags: ['tracking'],
          summary: "The customer's tracking view of one order, as JSON (the page's data)",
          params,
        },
      },
      async (req, reply) => {
        void reply.headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
        const r = await load(req.params['*']);
        if (r.kind === 'not_found') throw errors.trackingLinkNotFound();
        if (r.kind === 'unavailable') throw errors.trackingUnavailable();
        return r.view;
      },
    );
  };
}
