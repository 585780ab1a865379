import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactedPaths } from './logger.js';

describe('log redaction', () => {
  it('scrubs secrets and personal data but keeps business references', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, sink);
    log.info({ contact: { email: 'buyer@acme.test', phone: '+15551234' }, orderId: 'SO-1' }, 'x');
    log.info({ req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'k' } } }, 'y');
    const joined = lines.join('\n');
    expect(joined).not.toContain('buyer@acme.test');
    expect(joined).not.toContain('+15551234');
    expect(joined).not.toContain('Bearer abc');
    expect(joined).toContain('SO-1');
  });
});
