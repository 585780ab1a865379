import { z } from 'zod';

const share = z.number().min(0).max(1);

/** Per-order probabilities (turned into exact counts: round(rate × orders), at least 1 when > 0). */
const rates = z
  .object({
    lateShipment: share.default(0.02),
    shortPick: share.default(0.02),
    backorder: share.default(0.01),
    inventoryMismatch: share.default(0.01),
    carrierDelay: share.default(0.02),
    stalledShipment: share.default(0.01),
    carrierException: share.default(0.02),
    deliveredLate: share.default(0.01),
    deliveredShort: share.default(0.01),
    invoiceDiscrepancy: share.default(0.01),
    returnsOverdue: share.default(0.01),
  })
  .prefault({});

export type ExceptionRates = z.infer<typeof rates>;

export const simConfigSchema = z
  .object({
    seed: z.number().int(),
    /** Orders entered on the main day (day 0). */
    orders: z.number().int().min(1).default(500),
    /** Local midnight of day 0 in the distributor's zone (sim time). */
    start: z.iso.datetime({ offset: true }).default('2025-03-10T04:00:00Z'),
    /** Simulated window in days: the day plus what deliveries and overdue returns need. */
    days: z.number().int().min(2).max(31).default(8),
    customers: z.number().int().min(3).optional(),
    skus: z.number().int().min(10).default(60),
    /** New orders on each following business day, as a share of `orders` (keeps feeds alive). */
    followingDayOrderShare: share.default(0.2),
    /** Share of orders (as prior history) that come back as returns during the window. */
    returnRate: share.default(0.03),
    rates,
    /** Customers deliberately hit twice by the same failure mode (chronic / repeat incident). */
    chronicCustomers: z.number().int().min(0).default(1),
    /** Sources that go silent once during their active hours. */
    feedStalls: z.number().int().min(0).max(4).default(1),
    feedStallMinutes: z.number().int().min(1).default(180),
    delivery: z
      .object({
        duplicates: share.default(0.02),
        reorders: share.default(0.01),
        malformed: share.default(0.005),
      })
      .prefault({}),
    requests: z
      .object({
        /** Customer-initiated requests per order. */
        rate: share.default(0.04),
        /** Share of requests about a problem that was injected. */
        aboutKnownShare: share.default(0.5),
      })
      .prefault({}),
    /** Detection thresholds the ground truth assumes (PRODUCT.md defaults). */
    thresholds: z
      .object({
        stalledDomesticHours: z.number().positive().default(24),
        stalledInternationalHours: z.number().positive().default(72),
        feedSilenceMinutes: z.number().positive().default(60),
        returnsCreditDays: z.number().positive().default(7),
        repeatWindowDays: z.number().positive().default(30),
      })
      .prefault({}),
    /** Mixed into every id, so two runs can share a broker without their ids colliding. */
    runTag: z
      .string()
      .regex(/^[A-Za-z0-9]*$/)
      .default(''),
  })
  .refine((c) => Object.values(c.rates).reduce((a, b) => a + b, 0) <= 0.8, {
    message: 'exception rates add up to more than 0.8 of the orders',
    path: ['rates'],
  });

export type SimConfig = z.infer<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;

export function parseSimConfig(input: SimConfigInput): SimConfig {
  return simConfigSchema.parse(input);
}
