import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../test-support/http-receiver.js';
import { allowListFromCsv } from './outbound-guard.js';
import { DeliveryError, type OutgoingMessage } from './provider.js';
import { webhookProvider, type WebhookOptions } from './webhook.js';

const message = (address: string): OutgoingMessage => ({
  messageId: 'n-1',
  contactId: 'acme-edi',
  idempotencyKey: 'key-0001',
  address,
  rendered: { subject: 's', text: 't', html: '<p>t</p>', sms: 's' },
  payload: { noticeId: 'n-1' },
});

const provider = (over: Partial<WebhookOptions> = {}) =>
  webhookProvider({
    secretFor: async () => 'whsec-test',
    now: () => new Date(),
    timeoutMs: 2_000,
    ...over,
  });

const failure = async (p: ReturnType<typeof provider>, address: string) => {
  const err = await p.send(message(address)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
};

describe('webhook channel outbound safety (real local receivers)', () => {
  let ok: HttpReceiver;
  let redirect: HttpReceiver;
  let chatty: HttpReceiver;
  const loopback = allowListFromCsv.parse('127.0.0.1/32');
  beforeAll(async () => {
    ok = await startHttpReceiver((_r, res) => void res.writeHead(204).end());
    redirect = await startHttpReceiver(
      (r, res) => void res.writeHead(302, { location: `${ok.url}/stolen${r.url}` }).end(),
    );
    chatty = await startHttpReceiver(
      (_r, res) =>
        void res
          .writeHead(500, { 'x-request-id': 'internal-42' })
          .end('db password is hunter2 at 10.0.0.5'),
    );
  });
  afterAll(async () => {
    await Promise.all([ok, redirect, chatty].map((r) => r.close()));
  });

  it('refuses loopback, private, metadata and IPv6 loopback receivers without connecting', async () => {
    const p = provider();
    const port = new URL(ok.url).port;
    for (const address of [
      `${ok.url}/in`,
      `http://localhost:${port}/in`,
      'http://10.0.0.1/in',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${port}/in`,
    ]) {
      const err = await failure(p, address);
      expect(err.retriable).toBe(false);
      expect(err.message).toMatch(/resolves to a \w+ address, which is refused/);
    }
    expect(ok.requests).toHaveLength(0);
  });

  it('reaches a receiver the operator allowed, at the address it checked', async () => {
    const before = ok.requests.length;
    // A name whose DNS answer says loopback: the send connects to that checked answer only.
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const port = new URL(ok.url).port;
    await provider({ allow: loopback, resolve }).send(message(`http://hooks.acme.test:${port}/in`));
    expect(ok.requests.slice(before)).toEqual([
      expect.objectContaining({ method: 'POST', url: '/in' }),
    ]);
    expect(ok.requests.at(-1)!.headers.host).toBe(`hooks.acme.test:${port}`);
  });

  it('does not follow a redirect, even to an allowed address', async () => {
    const before = ok.requests.length;
    const err = await failure(provider({ allow: loopback }), `${redirect.url}/in`);
    expect(err.message).toBe('webhook answered 302, redirects are not followed');
    expect(err.retriable).toBe(false);
    expect(ok.requests.length).toBe(before);
  });

  it('keeps only the status code of an answer', async () => {
    const err = await failure(provider({ allow: loopback }), `${chatty.url}/in`);
    expect(err.message).toBe('webhook answered 500');
    expect(err.retriable).toBe(true);
    const ok2 = await provider({ allow: loopback }).send(message(`${ok.url}/in`));
    expect(ok2).toEqual({ providerMessageId: 'key-0001' });
  });

  it('names no address when the receiver is unreachable', async () => {
    const closed = await startHttpReceiver(() => {});
    const url = `${closed.url}/in`;
    await closed.close();
    const err = await failure(provider({ allow: loopback }), url);
    expect(err.retriable).toBe(true);
    expect(err.message).toBe('webhook unreachable (ECONNREFUSED)');
  });
});
