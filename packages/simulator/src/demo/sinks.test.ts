import net from 'node:net';
import { sign, SIGNATURE_HEADER } from '@forewarn/runtime/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_WEBHOOK_SECRET,
  messageIdOf,
  startDeliverySinks,
  type DeliverySinks,
} from './sinks.js';

let sinks: DeliverySinks;
beforeAll(async () => {
  sinks = await startDeliverySinks();
});
afterAll(() => sinks.close());

const post = (body: string, signature: string, key: string) =>
  fetch(`${sinks.webhookBaseUrl}/hook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signature,
      'idempotency-key': key,
    },
    body,
  }).then((r) => r.status);

describe("the demo's webhook receiver", () => {
  it('counts what the platform signed, once per idempotency key, at any simulated time', async () => {
    const body = '{"notice":1}';
    const hoursAgo = new Date(Date.now() - 9 * 3_600_000);
    expect(await post(body, sign(DEMO_WEBHOOK_SECRET, body, hoursAgo), 'k1')).toBe(200);
    expect(await post(body, sign(DEMO_WEBHOOK_SECRET, body, new Date()), 'k1')).toBe(200);
    expect(sinks.received.webhook).toBe(1);
    // The resend is counted apart: a duplicate notice is what the bench's scale-out counts.
    expect(sinks.received.webhookRepeated).toBe(1);
  });

  it('refuses another secret, a changed body and a malformed header', async () => {
    const body = '{"notice":2}';
    const at = new Date();
    expect(await post(body, sign('another-secret', body, at), 'k2')).toBe(401);
    expect(await post('{"notice":3}', sign(DEMO_WEBHOOK_SECRET, body, at), 'k3')).toBe(401);
    expect(await post(body, 'v1=abc', 'k4')).toBe(401);
    expect(sinks.received.webhookBadSignature).toBe(3);
  });
});

/** One mail over plain SMTP, each command sent once the server has answered the one before. */
async function mail(port: number, head: string): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  const lines: string[] = [];
  let wake = () => undefined as void;
  socket.on('data', (d: Buffer) => {
    lines.push(...d.toString().split('\r\n').filter(Boolean));
    wake();
  });
  const reply = async () => {
    // A multi-line reply ends with a line whose code is followed by a space.
    while (!lines.some((l) => /^\d{3} /.test(l))) await new Promise<void>((r) => (wake = r));
    const at = lines.findIndex((l) => /^\d{3} /.test(l));
    return lines.splice(0, at + 1).at(-1)!;
  };
  await reply();
  for (const command of [
    'EHLO test',
    'MAIL FROM:<notices@forewarn.example>',
    'RCPT TO:<c@customer.example>',
    'DATA',
    `${head}\r\nSubject: notice\r\n\r\nbody\r\n.`,
    'QUIT',
  ]) {
    socket.write(`${command}\r\n`);
    expect(await reply()).toMatch(/^[23]\d\d /);
  }
  socket.destroy();
}

describe("the demo's mail receiver", () => {
  it('counts a mail once per Message-ID and a resend under the same one apart', async () => {
    await mail(sinks.smtpPort, 'Message-ID: <a@notices.forewarn.example>');
    await mail(sinks.smtpPort, 'Message-ID: <a@notices.forewarn.example>');
    await mail(sinks.smtpPort, 'Message-ID: <b@notices.forewarn.example>');
    expect(sinks.received.email).toBe(2);
    expect(sinks.received.emailRepeated).toBe(1);
  });

  it('reads the Message-ID of the head only, in any case and folded', () => {
    expect(messageIdOf('Subject: x\r\nmessage-id:\r\n <f@x>\r\n\r\nbody')).toBe('<f@x>');
    expect(messageIdOf('Subject: x\r\n\r\nMessage-ID: <in-body@x>')).toBeUndefined();
  });
});
