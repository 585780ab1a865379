import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactedPaths, redactPersonalData } from './logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, sink);
  return { log, text: () => lines.join('\n') };
}

describe('log redaction', () => {
  it('scrubs secrets and personal data but keeps business references', () => {
    const { log, text } = capture();
    log.info({ contact: { email: 'buyer@acme.test', phone: '+15551234' }, orderId: 'SO-1' }, 'x');
    log.info({ req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'k' } } }, 'y');
    expect(text()).not.toContain('buyer@acme.test');
    expect(text()).not.toContain('+15551234');
    expect(text()).not.toContain('Bearer abc');
    expect(text()).toContain('SO-1');
  });

  it('scrubs at the top level and deeper, names and addresses included', () => {
    const { log, text } = capture();
    log.info({ email: 'top@acme.test', recipient: 'Pat Doe' }, 'a');
    log.info(
      {
        notice: {
          contact: { email: 'deep@acme.test', address: '1 Main St', contactName: 'Lee Roe' },
        },
        payload: { shipTo: { name: 'Dock 4 Receiving Kim', line1: '9 Harbor Rd' } },
        config: { webhookSecret: 'whsec-123', authToken: 'tw-456' },
      },
      'b',
    );
    for (const leaked of [
      'top@acme.test',
      'Pat Doe',
      'deep@acme.test',
      '1 Main St',
      'Lee Roe',
      'Dock 4 Receiving Kim',
      '9 Harbor Rd',
      'whsec-123',
      'tw-456',
    ])
      expect(text()).not.toContain(leaked);
  });
});

describe('redactPersonalData', () => {
  it('replaces emails, phone numbers and credentials in free text', () => {
    expect(redactPersonalData('550 5.1.1 <buyer@acme.example>: Recipient address rejected')).toBe(
      '550 5.1.1 <[email]>: Recipient address rejected',
    );
    expect(redactPersonalData("twilio 400: The 'To' number +1 555 010 0199 is not valid")).toBe(
      "twilio 400: The 'To' number [phone] is not valid",
    );
    expect(redactPersonalData('sent with Authorization: Basic QUM6dG9rZW4=')).toBe(
      'sent with Authorization: Basic [redacted]',
    );
    expect(redactPersonalData('connect https://user:pw@relay.example failed')).toBe(
      'connect https://[redacted]@relay.example failed',
    );
  });

  it('leaves business references alone', () => {
    const text = 'webhook answered 503 for SO-1042, shipment 1Z999AA10123456784';
    expect(redactPersonalData(text)).toBe(text);
  });
});
