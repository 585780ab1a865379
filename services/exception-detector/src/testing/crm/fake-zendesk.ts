import { parseJson, startFakeHttp, unknownKeys, type Recorded, type Reply } from './fake-http.js';

const PRIORITY = ['urgent', 'high', 'normal', 'low'];
const STATUS = ['new', 'open', 'pending', 'hold', 'solved'];
const TICKET = ['subject', 'comment', 'priority', 'status', 'external_id', 'tags'];

export interface ZdTicket {
  id: number;
  subject: string;
  status: string;
  priority: string;
  external_id: string;
  tags: string[];
  comments: string[];
}

/** Zendesk Support's tickets API: basic auth with an API token, idempotent creates. */
export async function startFakeZendesk(creds: { email: string; apiToken: string }) {
  const tickets = new Map<number, ZdTicket>();
  const byIdempotencyKey = new Map<string, number>();
  const auth = `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}`;

  type Checked = Omit<ZdTicket, 'id' | 'comments'> & { comment: { body: string } };
  /** The checked ticket, or the refusal. */
  function checkTicket(r: Recorded, reject: (w: string) => Reply) {
    const fail = (w: string) => ({ refused: reject(w) });
    if (r.headers['content-type'] !== 'application/json') return fail('not application/json');
    const t = (parseJson(r) as { ticket?: Record<string, unknown> } | undefined)?.ticket;
    if (!t) return fail('body has no ticket');
    const extra = unknownKeys(t, TICKET);
    if (extra.length) return fail(`unknown ticket fields ${extra.join(',')}`);
    const comment = t['comment'] as { body?: unknown; public?: unknown } | undefined;
    if (typeof t['subject'] !== 'string') return fail('subject missing');
    if (typeof comment?.body !== 'string' || !comment.body) return fail('comment.body missing');
    if (!PRIORITY.includes(String(t['priority']))) return fail(`bad priority ${t['priority']}`);
    if (!STATUS.includes(String(t['status']))) return fail(`bad status ${t['status']}`);
    if (typeof t['external_id'] !== 'string') return fail('external_id missing');
    if (!Array.isArray(t['tags'])) return fail('tags not an array');
    return { ticket: t as unknown as Checked };
  }

  const http = await startFakeHttp((r, fail) => {
    if (r.headers.authorization !== auth)
      return { status: 401, body: { error: 'Couldn’t authenticate you' } };
    if (r.method === 'GET' && r.path === '/api/v2/tickets.json') {
      const ext = r.query.get('external_id');
      if (!ext) return fail('list without external_id');
      const found = [...tickets.values()].filter((t) => t.external_id === ext);
      return { status: 200, body: { tickets: found, count: found.length } };
    }
    if (r.method === 'POST' && r.path === '/api/v2/tickets.json') {
      const key = r.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return fail('create without Idempotency-Key');
      const checked = checkTicket(r, fail);
      if ('refused' in checked) return checked.refused;
      const seen = byIdempotencyKey.get(key);
      if (seen) return { status: 201, body: { ticket: tickets.get(seen) } };
      const { comment, ...rest } = checked.ticket;
      const created: ZdTicket = { ...rest, id: 1000 + tickets.size + 1, comments: [comment.body] };
      tickets.set(created.id, created);
      byIdempotencyKey.set(key, created.id);
      return { status: 201, body: { ticket: created } };
    }
    const m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(r.path);
    if (r.method === 'PUT' && m) {
      const existing = tickets.get(Number(m[1]));
      if (!existing) return { status: 404, body: { error: 'RecordNotFound' } };
      const checked = checkTicket(r, fail);
      if ('refused' in checked) return checked.refused;
      const { comment, ...rest } = checked.ticket;
      Object.assign(existing, rest);
      existing.comments.push(comment.body);
      return { status: 200, body: { ticket: existing } };
    }
    return fail('no such resource');
  });
  return { ...http, tickets };
}
