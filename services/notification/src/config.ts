import { boolFlag } from '@forewarn/config';
import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
import { allowListFromCsv } from './channels/outbound-guard.js';
import { trackingEnv } from './tracking/config.js';

const int = (d: number) => z.coerce.number().int().positive().default(d);

/** Everything the notification service reads from its environment, validated once at start. */
export const notificationEnv = serviceEnv.extend({
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  SMTP_SECURE: boolFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default('Forewarn notices <notices@forewarn.example>'),
  MESSAGE_ID_DOMAIN: z.string().default('notices.forewarn.example'),
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  /** The status-callback URL exactly as Twilio calls it: what X-Twilio-Signature covers. */
  TWILIO_STATUS_CALLBACK_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /** CIDRs, addresses or hosts customer webhooks may reach although private (internal receivers). */
  WEBHOOK_ALLOWED_TARGETS: allowListFromCsv,
  DELIVERY_POLL_MS: int(500),
  DELIVERY_BATCH_SIZE: int(50),
  /** Provider calls in flight per channel; a contact's notices still go one after another. */
  DELIVERY_CONCURRENCY: int(8),
  DELIVERY_MAX_ATTEMPTS: int(6),
  DELIVERY_ATTEMPTS_PER_CHANNEL: int(3),
  DELIVERY_BACKOFF_INITIAL_MS: int(2_000),
  DELIVERY_BACKOFF_MAX_MS: int(600_000),
  /** A notice `sending` for longer than this is a crashed send (see README). */
  DELIVERY_STALE_MS: int(120_000),
  RATE_EMAIL_PER_SECOND: int(20),
  RATE_SMS_PER_SECOND: int(1),
  RATE_WEBHOOK_PER_SECOND: int(50),
  /** JSON file of customers and contacts upserted at start (see seed/contacts.example.json). */
  NOTIFICATION_SEED_FILE: z.string().optional(),
  TEMPLATES_DIR: z.string().optional(),
  ...trackingEnv,
});

export type NotificationEnv = z.infer<typeof notificationEnv>;
