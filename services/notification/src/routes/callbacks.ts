import { withTransaction } from '@forewarn/db';
import { problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import { redactPersonalData } from '@forewarn/observability';
import type pg from 'pg';
import { z } from 'zod';
import { TWILIO_SIGNATURE_HEADER, verifyTwilioSignature } from '../channels/twilio-signature.js';
import { applyCallback, type CallbackOutcome } from '../db/notice-queries.js';
import { TwilioSignatureInvalid } from './errors.js';

/** Twilio's MessageStatus values mapped onto our outcomes; the in-between ones are ignored. */
const TWILIO_OUTCOME = new Map<string, CallbackOutcome>([
  ['delivered', 'delivered'],
  ['undelivered', 'bounced'],
  ['failed', 'failed'],
]);

export interface TwilioCallbackOptions {
  /** The account's auth token; without one every Twilio callback is refused. */
  authToken?: string;
  /** The StatusCallback URL as Twilio calls it; else rebuilt from the request (no proxy). */
  callbackUrl?: string;
}

/** Form parameters exactly as posted, per request: what a Twilio signature covers. */
const formParams = new WeakMap<object, Map<string, string>>();

const requestUrl = (req: { protocol: string; host: string; url: string }) =>
  `${req.protocol}://${req.host}${req.url}`;

/**
 * Provider callbacks: email bounces / delivery receipts (from the mail relay's webhook, with a
 * source key) and Twilio status callbacks (form-encoded, authenticated by Twilio's signature).
 * Both update the delivery log.
 */
export function callbackRoutes(
  pool: pg.Pool,
  now: () => Date,
  twilio: TwilioCallbackOptions,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (req, body, done) => {
        const form = new URLSearchParams(body as string);
        formParams.set(req, new Map(form));
        // A null prototype: a field named __proto__ or constructor is only data.
        done(null, Object.assign(Object.create(null) as object, Object.fromEntries(form)));
      },
    );
    const result = { 200: z.object({ matched: z.number() }) };

    app.post(
      '/v1/callbacks/email',
      {
        config: { roles: ['source', 'admin'] },
        schema: {
          tags: ['callbacks'],
          summary: 'Bounce or delivery report for an email, by its Message-ID',
          body: z.object({
            messageId: z.string().min(3),
            event: z.enum(['delivered', 'bounced', 'complained']),
            detail: z.string().optional(),
          }),
          response: result,
        },
      },
      async (req) => ({
        matched: await withTransaction(pool, (c) =>
          applyCallback(
            c,
            req.body.messageId,
            req.body.event,
            // A bounce detail quotes the address; the delivery log is read by staff and customers.
            req.body.detail === undefined ? null : redactPersonalData(req.body.detail),
            now(),
          ),
        ),
      }),
    );

    app.post(
      '/v1/callbacks/twilio',
      {
        config: { open: 'Twilio request signature (X-Twilio-Signature, HMAC-SHA1, auth token)' },
        preValidation: async (req) => {
          const url = twilio.callbackUrl ?? requestUrl(req);
          const params = formParams.get(req) ?? new Map<string, string>();
          const presented = req.headers[TWILIO_SIGNATURE_HEADER];
          if (!verifyTwilioSignature(twilio.authToken, url, params, presented))
            throw TwilioSignatureInvalid();
        },
        schema: {
          tags: ['callbacks'],
          summary: 'Twilio status callback (StatusCallback URL), signed by Twilio',
          body: z.object({
            MessageSid: z.string(),
            MessageStatus: z.string(),
            ErrorCode: z.string().optional(),
          }),
          response: { ...result, ...problemResponses(403) },
        },
      },
      async (req) => {
        const outcome = TWILIO_OUTCOME.get(req.body.MessageStatus);
        if (!outcome) return { matched: 0 };
        const detail = req.body.ErrorCode ? `twilio error ${req.body.ErrorCode}` : null;
        return {
          matched: await withTransaction(pool, (c) =>
            applyCallback(c, req.body.MessageSid, outcome, detail, now()),
          ),
        };
      },
    );
  };
}
