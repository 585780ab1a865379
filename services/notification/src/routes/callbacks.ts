import { withTransaction } from '@forewarn/db';
import {
  apiKeyAuth,
  requireRole,
  type ApiKeyEntry,
  type FastifyPluginAsyncZod,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { applyCallback, type CallbackOutcome } from '../db/notice-queries.js';

/** Twilio's MessageStatus values mapped onto our outcomes; the in-between ones are ignored. */
const TWILIO_OUTCOME: Record<string, CallbackOutcome | undefined> = {
  delivered: 'delivered',
  undelivered: 'bounced',
  failed: 'failed',
};

/**
 * Provider callbacks: email bounces / delivery receipts (from the mail relay's webhook) and
 * Twilio status callbacks (form-encoded). Both update the delivery log.
 */
export function callbackRoutes(
  pool: pg.Pool,
  keys: readonly ApiKeyEntry[],
  now: () => Date,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    await app.register(apiKeyAuth, { keys });
    const onRequest = requireRole('source', 'admin');
    const result = { 200: z.object({ matched: z.number() }) };

    app.post(
      '/callbacks/email',
      {
        onRequest,
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
          applyCallback(c, req.body.messageId, req.body.event, req.body.detail ?? null, now()),
        ),
      }),
    );

    app.post(
      '/callbacks/twilio',
      {
        onRequest,
        schema: {
          tags: ['callbacks'],
          summary: 'Twilio status callback (StatusCallback URL)',
          body: z.object({
            MessageSid: z.string(),
            MessageStatus: z.string(),
            ErrorCode: z.string().optional(),
          }),
          response: result,
        },
      },
      async (req) => {
        const outcome = TWILIO_OUTCOME[req.body.MessageStatus];
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
