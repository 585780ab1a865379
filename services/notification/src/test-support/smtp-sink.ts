import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  mails: ParsedMail[];
  /** SMTP sessions opened so far (a pooled client opens few for many mails). */
  readonly connections: number;
  /** Reject the next n messages with this SMTP reply code. */
  failNext(n: number, code: number): void;
  /** Runs when a mail has arrived, before the sink answers 250 (e.g. to cut the database then). */
  onAccept?: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

/** A real SMTP server process on 127.0.0.1 (random port) that parses what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  let failures = 0;
  let failCode = 451;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const err = Object.assign(new Error('mailbox unavailable'), { responseCode: failCode });
          callback(err);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then(async (mail) => {
            mails.push(mail);
            await sink.onAccept?.();
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sink: SmtpSink = {
    port: (server.server.address() as AddressInfo).port,
    mails,
    get connections() {
      return connections;
    },
    failNext(n, code) {
      failures = n;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
