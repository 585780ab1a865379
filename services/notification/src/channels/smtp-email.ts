import nodemailer from 'nodemailer';
import { DeliveryError, type ChannelProvider } from './provider.js';

export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Domain of the Message-ID we derive from the idempotency key. */
  messageIdDomain: string;
  /** Open connections kept for reuse (default 5): one per send in flight is enough. */
  maxConnections?: number;
}

/**
 * Email over SMTP. The Message-ID is derived from the idempotency key, so a repeat after a crash
 * is the same message to every mail client and archive (they thread and dedupe on it).
 */
export function smtpEmailProvider(opts: SmtpOptions): ChannelProvider & { close(): void } {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure ?? false,
    ...(opts.user ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
    ignoreTLS: !opts.secure && opts.host === '127.0.0.1',
    // A connection (TCP, greeting, EHLO, maybe TLS and AUTH) per mail cost more round trips than
    // the mail itself; pooled connections carry mail after mail. nodemailer's default of 100
    // messages per connection stays: a server's per-session limits are usually around it.
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    // Bounded, so a send always ends well inside the stale window that recovery waits out.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    channel: 'email',
    dedupesByKey: true,
    async send(msg) {
      const messageId = `<${msg.idempotencyKey}@${opts.messageIdDomain}>`;
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: msg.address,
          subject: msg.rendered.subject,
          text: msg.rendered.text,
          html: msg.rendered.html,
          messageId,
          headers: { 'X-Forewarn-Notice': msg.messageId },
        });
        return { providerMessageId: info.messageId ?? messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx replies are permanent (unknown mailbox, policy); 4xx and network errors are not.
        const permanent = typeof code === 'number' && code >= 500;
        throw new DeliveryError(`smtp: ${(err as Error).message}`, !permanent, { cause: err });
      }
    },
    close: () => transport.close(),
  };
}
