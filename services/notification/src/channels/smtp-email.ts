import net from 'node:net';
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

const CONNECT_TIMEOUT_MS = 10_000;

type SocketCallback = (err: Error | null, socket?: { connection: net.Socket }) => void;

/**
 * A connected TCP socket with Nagle's algorithm off, for nodemailer's pool (which takes a ready
 * socket as `connection` and still does TLS, STARTTLS and its timeouts on it). With Nagle on, the
 * last small write of each mail (the DATA terminator) waited for the relay to acknowledge the
 * write before it, and relays delay that acknowledgement (40 ms on Linux): measured 45-48 ms a
 * mail against a local relay, 3-6 ms with TCP_NODELAY, at any concurrency one mail per
 * connection per 40 ms (issue 17).
 */
function connectNoDelay(host: string, port: number, done: SocketCallback): void {
  let settled = false;
  const socket = net.connect({ host, port, noDelay: true });
  const settle = (err: Error | null) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (err) done(err);
    else done(null, { connection: socket });
  };
  const timer = setTimeout(
    () => socket.destroy(new Error(`connecting to ${host}:${port} timed out`)),
    CONNECT_TIMEOUT_MS,
  );
  // Stays attached: an error before nodemailer adds its own handler is not thrown.
  socket.on('error', settle);
  socket.once('connect', () => {
    socket.setNoDelay(true);
    settle(null);
  });
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
    connectionTimeout: CONNECT_TIMEOUT_MS,
    getSocket: (_options: unknown, done: SocketCallback) =>
      connectNoDelay(opts.host, opts.port, done),
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
