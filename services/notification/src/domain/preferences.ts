import type { Channel, CustomerTier, DeliveryMode, TemplateKey } from './channels.js';

/** A daily window (local wall-clock time in `timeZone`) in which nothing non-critical is sent. */
export interface QuietHours {
  /** HH:mm; a window whose start is after its end runs over midnight. */
  start: string;
  end: string;
  timeZone: string;
}

/** What a contact asked for; every field left out falls back to the customer tier's default. */
export interface ContactPreferences {
  /** In order of preference: the first is tried first, the next ones are failovers. */
  channels?: Channel[];
  /** Sent in addition to the preferred channel for exception notices (retail: SMS). */
  exceptionChannels?: Channel[];
  /** Fail over to the next channel once one has used up its attempts. */
  failover?: boolean;
  language?: string;
  /** Which notices the contact wants; absent means all. */
  events?: TemplateKey[];
  quietHours?: QuietHours | null;
  mode?: DeliveryMode;
  /** HH:mm local time when the digest goes out. */
  digestAt?: string;
  timeZone?: string;
}

export interface Contact {
  contactId: string;
  customerId: string;
  name?: string;
  email?: string;
  phone?: string;
  webhookUrl?: string;
  preferences: ContactPreferences;
}

/** Preferences with every default applied. */
export interface EffectivePreferences {
  channels: Channel[];
  exceptionChannels: Channel[];
  failover: boolean;
  language: string;
  events: TemplateKey[] | 'all';
  quietHours: QuietHours | null;
  mode: DeliveryMode;
  digestAt: string;
  timeZone: string;
}

type TierDefaults = Omit<EffectivePreferences, 'timeZone' | 'language'>;

/**
 * Defaults per tier: enterprise accounts integrate (signed webhook, email as failover) and hear
 * at once; resellers read email; retail buyers get email, plus SMS when something went wrong,
 * never at night.
 */
export const TIER_DEFAULTS: Record<CustomerTier, TierDefaults> = {
  enterprise: {
    channels: ['webhook', 'email'],
    exceptionChannels: [],
    failover: true,
    events: 'all',
    quietHours: null,
    mode: 'immediate',
    digestAt: '08:00',
  },
  regional_reseller: {
    channels: ['email'],
    exceptionChannels: [],
    failover: false,
    events: 'all',
    quietHours: null,
    mode: 'immediate',
    digestAt: '08:00',
  },
  retail: {
    channels: ['email'],
    exceptionChannels: ['sms'],
    failover: false,
    events: 'all',
    quietHours: { start: '21:00', end: '08:00', timeZone: 'UTC' },
    mode: 'immediate',
    digestAt: '08:00',
  },
};

const hasAddress = (c: Contact, ch: Channel): boolean =>
  ch === 'email' ? !!c.email : ch === 'sms' ? !!c.phone : !!c.webhookUrl;

/**
 * The contact's preferences over the tier defaults. Channels the contact has no address for are
 * dropped, so a default never points at nothing. The time zone falls back to the one the event
 * carries (the order's), then UTC; default quiet hours follow that zone.
 */
export function effectivePreferences(
  contact: Contact,
  tier: CustomerTier,
  fallbackTimeZone?: string,
): EffectivePreferences {
  const d = TIER_DEFAULTS[tier];
  const p = contact.preferences;
  const timeZone = p.timeZone ?? fallbackTimeZone ?? 'UTC';
  const quiet =
    p.quietHours === undefined ? d.quietHours && { ...d.quietHours, timeZone } : p.quietHours;
  return {
    channels: (p.channels ?? d.channels).filter((ch) => hasAddress(contact, ch)),
    exceptionChannels: (p.exceptionChannels ?? d.exceptionChannels).filter((ch) =>
      hasAddress(contact, ch),
    ),
    failover: p.failover ?? d.failover,
    language: p.language ?? 'en',
    events: p.events ?? d.events,
    quietHours: quiet,
    mode: p.mode ?? d.mode,
    digestAt: p.digestAt ?? d.digestAt,
    timeZone,
  };
}

export function addressFor(contact: Contact, channel: Channel): string | undefined {
  if (channel === 'email') return contact.email;
  if (channel === 'sms') return contact.phone;
  return contact.webhookUrl;
}
