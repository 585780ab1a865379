import { loadWebhookProviders, mapWebhook, verifyWebhook } from '@forewarn/edi';
import { errors, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { z } from 'zod';
import { pointer } from '../domain/accept.js';
import { ingest, recordRejects, statedSentAt, type IngestDeps } from '../ingest.js';
import { ingestResult } from './schemas.js';

export interface WebhookRouteOptions extends IngestDeps {
  /** SOURCE_HMAC_SECRETS: a provider's secret is the entry `webhook:<provider>`. */
  secrets: Readonly<Record<string, string>>;
  /** How old a timestamped signature (Shippo's) may be. */
  toleranceSeconds: number;
  /** A mapping directory replacing @forewarn/edi's data/ (EDI_MAPPING_DIR). */
  mappingDir?: string | undefined;
}

/** The credential name a provider's secret is configured under. */
export const webhookCredential = (provider: string) => `webhook:${provider}`;

/**
 * Tracking aggregators' webhooks (EasyPost, Shippo, AfterShip, Karrio: data/carrier-webhooks.json)
 * as they send them. Outside the source-key scope: a provider cannot send our headers, so each
 * request is checked by the provider's own signature scheme over the raw body before it is read.
 * Answers: 401 bad or missing signature, 404 unknown provider, 400 with every problem located in
 * the provider's body (nothing of that body accepted), 202 otherwise (also for event kinds this
 * door does not map, so the provider does not retry them).
 */
export const webhookRoutes: FastifyPluginAsyncZod<WebhookRouteOptions> = async (app, opts) => {
  const providers = loadWebhookProviders(opts.mappingDir);
  // The signature covers the exact bytes: keep them, parse only after the check.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/v1/webhooks/:provider',
    {
      config: {
        open: "signed by the provider's own scheme (X-Hmac-Signature, aftership-hmac-sha256, X-Karrio-Signature, Shippo-Auth-Signature or ?token=)",
      },
      schema: {
        tags: ['ingestion'],
        summary: "Receive a tracking aggregator's webhook",
        description:
          `Providers: ${Object.keys(providers).join(', ')}. The body is the provider's own JSON (an EasyPost Event, a Shippo track_updated, an AfterShip tracking_update, a Karrio tracker event), ` +
          'verified by the provider\'s signature scheme with the secret configured as SOURCE_HMAC_SECRETS["webhook:<provider>"], ' +
          'mapped to tracking scans, ETA updates and proofs of delivery with ids derived from the checkpoint, so a provider resending its history gets duplicates, not new events.',
        params: z.object({ provider: z.string().min(1) }),
        querystring: z.object({ token: z.string().optional() }),
        security: [],
        response: { 202: ingestResult, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { provider } = request.params;
      const p = providers[provider];
      if (!p) throw errors.providerUnknown(provider);
      const credential = webhookCredential(provider);
      const secret = opts.secrets[credential];
      if (!secret) throw errors.sourceUnknown(credential);
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const check = verifyWebhook(
        p.row.signature,
        {
          rawBody,
          headers: request.headers,
          query: { token: request.query.token },
          now: opts.now(),
          toleranceSeconds: opts.toleranceSeconds,
        },
        secret,
      );
      if (!check.ok) throw errors.signatureInvalid(check.detail);

      const refuse = async (
        issues: { path: (string | number)[]; code: string; message: string }[],
      ) => {
        await recordRejects(opts, credential, 1);
        return errors.eventsInvalid.with({
          issues: issues.map((i) => ({
            location: 'body',
            path: pointer([], i.path),
            code: i.code,
            message: i.message,
          })),
        })(`The ${provider} webhook has ${issues.length} problem(s)`);
      };
      let body: unknown;
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        throw await refuse([
          { path: [], code: 'invalid_json', message: 'The body is not valid JSON.' },
        ]);
      }
      const mapped = mapWebhook(p, body);
      if (!mapped.ok) throw await refuse(mapped.issues);
      if (mapped.drafts.length === 0) {
        if (mapped.ignored)
          request.log.info({ provider, ignored: mapped.ignored }, 'webhook ignored');
        return reply
          .code(202)
          .send({ receivedAt: opts.now().toISOString(), accepted: [], duplicates: [] });
      }
      const result = await ingest(
        opts,
        mapped.sourceSystem,
        mapped.drafts.map((d) => d.draft),
        { locate: (i) => mapped.drafts[i]?.at ?? [], ...statedSentAt(request.headers) },
      );
      return reply.code(202).send(result);
    },
  );
};
