import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';

/** The order service's env: the common variables plus its consumer's group and batch size. */
export const orderEnv = serviceEnv.extend({
  /** Consumer group (unprefixed). A new group reads every topic from the beginning (replay). */
  ORDER_CONSUMER_GROUP: z.string().min(1).default('order'),
  /** Messages per batch, applied in one transaction. */
  ORDER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
});
