import { DEFAULT_SILENCE_POLICY } from '@forewarn/domain';
import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';

/** The shipment service's env: the common variables plus the stalled-shipment policy. */
export const shipmentEnv = serviceEnv.extend({
  /** Hours without a carrier scan before shipment.no-scan-yet (domestic shipments). */
  NO_SCAN_HOURS_DOMESTIC: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_SILENCE_POLICY.domesticHours),
  /** Same for international shipments, which go quiet longer in line-haul and customs. */
  NO_SCAN_HOURS_INTERNATIONAL: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_SILENCE_POLICY.internationalHours),
  /**
   * Wall milliseconds a shipment event waits for the order service's facts about its order
   * (customer, tier, promise) before it goes out without them.
   */
  ORDER_FACTS_HOLD_MS: z.coerce.number().int().positive().default(300_000),
  /**
   * Wall milliseconds with every source partition read and nothing new before the sources count
   * as quiet, and no-scan timers stop waiting for the source watermark (the end of a day).
   */
  SOURCE_IDLE_MS: z.coerce.number().int().min(0).default(10_000),
  /** How often the no-scan timer poller looks for due timers. */
  TIMER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * Consumer group (prefixed like topics). Replaying the sources from the beginning into an
   * empty database means starting with a group that has no committed offsets.
   */
  CONSUMER_GROUP: z.string().min(1).default('shipment'),
  /** Messages per handleBatch call: one transaction and a fixed number of statements each. */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().positive().default(500),
  /** Source partitions handled in parallel; per-shipment advisory locks keep this safe. */
  CONSUMER_CONCURRENCY: z.coerce.number().int().positive().default(3),
});

export type ShipmentEnv = z.infer<typeof shipmentEnv>;
