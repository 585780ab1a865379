import { z } from 'zod';

/** Compose passes an unset variable as an empty string: that is "not set". */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const optionalUrl = unsetIfEmpty(z.url());

/** The tracking page's part of the notification service's environment. */
export const trackingEnv = {
  /** Public address of the tracking page (e.g. https://track.example.com); notices link to <this>/track/<token>. Off when unset. */
  TRACKING_BASE_URL: optionalUrl,
  /** HMAC-SHA256 key of the tracking links (at least 32 characters); required with TRACKING_BASE_URL, no default; a secret. */
  TRACKING_LINK_SECRET: unsetIfEmpty(z.string().min(32)),
  /** How long a tracking link in a notice keeps opening the page. */
  TRACKING_LINK_TTL_DAYS: z.coerce.number().int().positive().default(90),
  /** The order service the page reads the order, its promise and timeline from. */
  ORDER_API_URL: optionalUrl,
  /** The shipment service the page reads the order's shipments from. */
  SHIPMENT_API_URL: optionalUrl,
  /** The exception-detector the page reads the order's cases and customer requests from. */
  DETECTOR_API_URL: optionalUrl,
  /** Read-only API key the page presents to those services (a staff key; the page scopes to the link's customer); a secret. */
  TRACKING_API_KEY: unsetIfEmpty(z.string().min(16)),
};

type Raw = z.infer<z.ZodObject<typeof trackingEnv>>;

export interface TrackingConfig {
  baseUrl: string;
  secret: string;
  ttlDays: number;
  owners: { order: string; shipment: string; detector: string; apiKey: string };
}

const trim = (u: string) => u.replace(/\/+$/, '');

/**
 * The tracking setup, or null when no page is configured. A base URL without its secret, or a
 * page without the services it reads, refuses to start rather than send dead links.
 */
export function trackingConfig(env: Raw): TrackingConfig | null {
  if (!env.TRACKING_BASE_URL) return null;
  if (!env.TRACKING_LINK_SECRET)
    throw new Error('TRACKING_LINK_SECRET is required when TRACKING_BASE_URL is set');
  const { ORDER_API_URL: order, SHIPMENT_API_URL: shipment, DETECTOR_API_URL: detector } = env;
  const apiKey = env.TRACKING_API_KEY;
  if (!order || !shipment || !detector || !apiKey)
    throw new Error(
      'the tracking page needs ORDER_API_URL, SHIPMENT_API_URL, DETECTOR_API_URL and TRACKING_API_KEY',
    );
  return {
    baseUrl: trim(env.TRACKING_BASE_URL),
    secret: env.TRACKING_LINK_SECRET,
    ttlDays: env.TRACKING_LINK_TTL_DAYS,
    owners: {
      order: trim(order),
      shipment: trim(shipment),
      detector: trim(detector),
      apiKey,
    },
  };
}
