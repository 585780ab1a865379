import { boolFlag } from '@forewarn/config';
import { serviceEnv } from '@forewarn/runtime';
import { z } from 'zod';
import { allowListFromCsv } from './channels/outbound-guard.js';
import { trackingEnv } from './tracking/config.js';

const int = (d: number) => z.coerce.number().int().positive().default(d);

/** Everything the notification service reads from its environment, validated once at start. */
export const notificationEnv = serviceEnv.extend({
  /** Mail relay the email channel sends through. */
  SMTP_HOST: z.string().default('127.0.0.1'),
  /** Port of the mail relay (587 for submission with STARTTLS, 465 with SMTP_SECURE). */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it. */
  SMTP_SECURE: boolFlag.default(false),
  /** Relay login, when the relay asks for one. */
  SMTP_USER: z.string().optional(),
  /** Relay password (with SMTP_USER); a secret. */
  SMTP_PASSWORD: z.string().optional(),
  /** From header of every notice email. */
  MAIL_FROM: z.string().default('Forewarn notices <notices@forewarn.example>'),
  /** Domain part of the Message-ID of each email (a notice's id is the local part). */
  MESSAGE_ID_DOMAIN: z.string().default('notices.forewarn.example'),
  /** Twilio's API; a local stand-in in tests and the simulated day. */
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  /** Twilio account for SMS; SMS is off unless the SID, auth token and sender are all set. */
  TWILIO_ACCOUNT_SID: z.string().optional(),
  /** Twilio auth token: authenticates the API calls and checks X-Twilio-Signature on callbacks; a secret. */
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** Sender number (E.164) or messaging service of the SMS. */
  TWILIO_FROM: z.string().optional(),
  /** The status-callback URL exactly as Twilio calls it: what X-Twilio-Signature covers. */
  TWILIO_STATUS_CALLBACK_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /** CIDRs, addresses or hosts customer webhooks may reach although private (internal receivers). */
  WEBHOOK_ALLOWED_TARGETS: allowListFromCsv,
  /** How often the delivery worker looks for due notices when the last look found none. */
  DELIVERY_POLL_MS: int(500),
  /** Notices the delivery worker claims per pass. */
  DELIVERY_BATCH_SIZE: int(50),
  /** Provider calls in flight per channel; a contact's notices still go one after another. */
  DELIVERY_CONCURRENCY: int(8),
  /** Attempts over all of a notice's channels before it is dead-lettered. */
  DELIVERY_MAX_ATTEMPTS: int(6),
  /** Attempts on one channel before failing over to the contact's next one, when there is one. */
  DELIVERY_ATTEMPTS_PER_CHANNEL: int(3),
  /** Backoff of the first retry of a failed send; it grows exponentially, jittered, up to DELIVERY_BACKOFF_MAX_MS. */
  DELIVERY_BACKOFF_INITIAL_MS: int(2_000),
  /** Longest wait between two attempts of one notice. */
  DELIVERY_BACKOFF_MAX_MS: int(600_000),
  /**
   * How long a claimed send holds without a heartbeat; renewed every third of it while the
   * provider call runs. Another worker takes a notice over only once its lease expired (see README).
   */
  DELIVERY_LEASE_MS: int(30_000),
  /** Longest wait for the mail relay per send; each channel has its own worker and limit. */
  DELIVERY_TIMEOUT_EMAIL_MS: int(45_000),
  /** Longest wait for Twilio per send; a timed-out SMS is `unknown`, settled by Twilio's status. */
  DELIVERY_TIMEOUT_SMS_MS: int(15_000),
  /** Longest wait for a customer's webhook per send. */
  DELIVERY_TIMEOUT_WEBHOOK_MS: int(10_000),
  /** Emails sent per second at most (the relay's limit). */
  RATE_EMAIL_PER_SECOND: int(20),
  /** SMS sent per second at most (Twilio's limit for one long code is one). */
  RATE_SMS_PER_SECOND: int(1),
  /** Customer webhook calls per second at most. */
  RATE_WEBHOOK_PER_SECOND: int(50),
  /** JSON file of customers and contacts upserted at start (see seed/contacts.example.json). */
  NOTIFICATION_SEED_FILE: z.string().optional(),
  /** Directory of notice templates replacing the shipped ones (services/notification/templates). */
  TEMPLATES_DIR: z.string().optional(),
  ...trackingEnv,
});

export type NotificationEnv = z.infer<typeof notificationEnv>;
