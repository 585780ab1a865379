import { z } from 'zod';

export const ingestResult = z
  .object({
    receivedAt: z
      .string()
      .describe('When the edge received the request; stamped on every accepted event'),
    accepted: z
      .array(
        z.object({
          index: z.number().int(),
          eventId: z.string(),
          type: z.string(),
          topic: z.string(),
        }),
      )
      .describe('Events new to Forewarn, now on their way to their source topic'),
    duplicates: z
      .array(z.object({ index: z.number().int(), eventId: z.string() }))
      .describe('Events already received (same sourceSystem and eventId); not published again'),
  })
  .meta({ id: 'IngestResult' });

export const HMAC_DESCRIPTION =
  'Authenticate with `x-api-key` (a key of role `source`) or sign the request: ' +
  '`x-forewarn-source: <sourceSystem>` and ' +
  '`forewarn-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>`. ' +
  'Signed requests older than the replay window are refused.';
