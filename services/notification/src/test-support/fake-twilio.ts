import { startHttpReceiver, type HttpReceiver } from './http-receiver.js';

interface StoredSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
}

/**
 * A local stand-in for Twilio's Messages API: accepts the real request shape (form-encoded POST
 * to /2010-04-01/Accounts/{sid}/Messages.json with basic auth) and lists messages on GET.
 */
export async function startFakeTwilio(
  accountSid: string,
  authToken: string,
): Promise<HttpReceiver & { messages: StoredSms[] }> {
  const messages: StoredSms[] = [];
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const receiver = await startHttpReceiver((r, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (r.headers.authorization !== expectedAuth)
      return json(401, { code: 20003, message: 'Authenticate' });
    const url = new URL(r.url, 'http://x');
    if (url.pathname !== path) return json(404, { message: 'not found' });
    if (r.method === 'GET') {
      const to = url.searchParams.get('To');
      return json(200, { messages: messages.filter((m) => !to || m.to === to) });
    }
    if (r.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return json(400, { message: 'form body expected' });
    }
    const form = new URLSearchParams(r.body);
    const sms = {
      sid: `SM${String(messages.length + 1).padStart(32, '0')}`,
      to: form.get('To') ?? '',
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
      status: 'queued',
    };
    if (!sms.to || !sms.body)
      return json(400, { code: 21604, message: "A 'To' phone number is required." });
    messages.push(sms);
    return json(201, sms);
  });
  return Object.assign(receiver, { messages });
}
