import { commonEnv } from '@forewarn/config';
import { apiKeysFromJson } from '@forewarn/http';
import { z } from 'zod';
import { clockEnv } from './clock.js';

/** Env of every service: the common variables plus API keys for its HTTP API. */
export const serviceEnv = commonEnv.extend({
  ...clockEnv.shape,
  /** JSON list of { key, role, customerId?, sourceSystem?, name? }; see @forewarn/http. */
  API_KEYS: apiKeysFromJson.optional(),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
});

export type ServiceEnv = z.infer<typeof serviceEnv>;
