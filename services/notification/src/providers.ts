import type pg from 'pg';
import type { ChannelProvider } from './channels/provider.js';
import { smtpEmailProvider } from './channels/smtp-email.js';
import { twilioSmsProvider } from './channels/twilio-sms.js';
import { webhookProvider } from './channels/webhook.js';
import type { NotificationEnv } from './config.js';
import { getContact } from './db/contacts.js';
import type { Channel } from './domain/channels.js';

export type Providers = Partial<Record<Channel, ChannelProvider>>;

/** The channel adapters the configuration allows; SMS only when Twilio credentials are set. */
export function providersFromConfig(
  config: NotificationEnv,
  pool: pg.Pool,
  now: () => Date,
): Providers {
  const email = smtpEmailProvider({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ...(config.SMTP_USER ? { user: config.SMTP_USER, password: config.SMTP_PASSWORD ?? '' } : {}),
    from: config.MAIL_FROM,
    messageIdDomain: config.MESSAGE_ID_DOMAIN,
    maxConnections: config.DELIVERY_CONCURRENCY,
  });
  const webhook = webhookProvider({
    secretFor: async (contactId) => (await getContact(pool, contactId))?.webhookSecret,
    now,
    allow: config.WEBHOOK_ALLOWED_TARGETS,
  });
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_FROM: from } = config;
  const sms =
    sid && token && from
      ? twilioSmsProvider({
          baseUrl: config.TWILIO_BASE_URL,
          accountSid: sid,
          authToken: token,
          from,
        })
      : undefined;
  return { email, webhook, ...(sms ? { sms } : {}) };
}
