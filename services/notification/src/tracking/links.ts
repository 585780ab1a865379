import type { TrackingConfig } from './config.js';
import { signLink } from './link-token.js';

/** The tracking link of one notice, when the notice is about an order and links are on. */
export type LinkMinter = (n: {
  orderId?: string | undefined;
  customerId: string;
  contactId: string;
  language: string;
}) => string | undefined;

const DAY_S = 86_400;

/** Mints links valid for the configured days from now, for this contact in their language. */
export function linkMinter(cfg: TrackingConfig | null, now: () => Date): LinkMinter | undefined {
  if (!cfg) return undefined;
  return (n) => {
    if (!n.orderId) return undefined;
    const exp = Math.floor(now().getTime() / 1000) + cfg.ttlDays * DAY_S;
    const claims = {
      orderId: n.orderId,
      customerId: n.customerId,
      contactId: n.contactId,
      lang: n.language,
      exp,
    };
    try {
      return `${cfg.baseUrl}/track/${signLink(cfg.secret, claims)}`;
    } catch {
      // Ids or a language a link cannot carry: the notice goes without the link, never not at all.
      return undefined;
    }
  };
}
