import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verify } from '@forewarn/runtime/platform';
import { SMTPServer } from 'smtp-server';

/**
 * The demo's customers' side of the wire: a real SMTP server that accepts the notices' mail, an
 * HTTPS-less webhook receiver that checks every signature, and an SMS endpoint with Twilio's
 * request shape. They only count what arrives; nothing here stands in for our own services.
 */
export interface DeliverySinks {
  smtpPort: number;
  webhookBaseUrl: string;
  smsBaseUrl: string;
  received: {
    /** Mails, once per Message-ID (the notice's idempotency key for email). */
    email: number;
    /** Mails that repeated a Message-ID already received: a resend a receiver drops. */
    emailRepeated: number;
    webhook: number;
    /** Webhook calls that repeated an idempotency key already received. */
    webhookRepeated: number;
    webhookBadSignature: number;
    sms: number;
  };
  close(): Promise<void>;
}

export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret-0123456789abcdef';

/**
 * The platform's own receiver check. The demo's notification service signs at its simulated
 * clock's time, hours away from this machine's, so the timestamp window is left open here; the
 * HMAC over the raw body is what the demo counts.
 */
function verifySignature(header: string | undefined, rawBody: string): boolean {
  return verify({
    secret: DEMO_WEBHOOK_SECRET,
    header,
    rawBody,
    now: new Date(),
    toleranceSeconds: Number.POSITIVE_INFINITY,
  }).ok;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listenHttp(handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** The Message-ID header of a mail's head (undefined when it has none). */
export function messageIdOf(mail: string): string | undefined {
  const end = mail.search(/\r?\n\r?\n/);
  const head = (end < 0 ? mail : mail.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:[ \t]*(\S+)/im.exec(head)?.[1];
}

export async function startDeliverySinks(): Promise<DeliverySinks> {
  const received = {
    email: 0,
    emailRepeated: 0,
    webhook: 0,
    webhookRepeated: 0,
    webhookBadSignature: 0,
    sms: 0,
  };

  const seenMessageIds = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Counted once per Message-ID, as the webhook receiver counts once per idempotency key: a
    // send whose outcome a crash left unknown is sent again under the same Message-ID
    // (notification's recovery), which a receiver drops. A repeat is counted apart.
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 64 * 1024) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = messageIdOf(head);
        if (id !== undefined && seenMessageIds.has(id)) received.emailRepeated += 1;
        else received.email += 1;
        if (id !== undefined) seenMessageIds.add(id);
        callback();
      });
    },
  });
  // A sender that drops its connection (a notification process killed mid-send) resets it: the
  // mail it did not finish is not counted, and the sink must keep serving, not crash the run.
  smtp.on('error', () => undefined);
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));

  const seenKeys = new Set<string>();
  const webhook = await listenHttp((req, res) => {
    void readBody(req).then((body) => {
      const signature = req.headers[SIGNATURE_HEADER];
      if (!verifySignature(Array.isArray(signature) ? signature[0] : signature, body)) {
        received.webhookBadSignature += 1;
        res.writeHead(401).end();
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      if (seenKeys.has(key)) received.webhookRepeated += 1;
      else {
        seenKeys.add(key);
        received.webhook += 1;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });

  let smsSeq = 0;
  const sms = await listenHttp((req, res) => {
    void readBody(req).then(() => {
      if (req.method === 'POST') {
        received.sms += 1;
        smsSeq += 1;
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ sid: `SM${String(smsSeq).padStart(32, '0')}`, status: 'queued' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"messages":[]}');
      }
    });
  });

  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    webhookBaseUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`,
    smsBaseUrl: `http://127.0.0.1:${(sms.address() as AddressInfo).port}`,
    received,
    async close() {
      await Promise.all([
        new Promise<void>((r) => smtp.close(() => r())),
        new Promise<void>((r) => webhook.close(() => r())),
        new Promise<void>((r) => sms.close(() => r())),
      ]);
    },
  };
}
