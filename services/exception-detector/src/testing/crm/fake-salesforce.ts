import { parseJson, startFakeHttp, unknownKeys, type Recorded, type Reply } from './fake-http.js';

const API = '/services/data/v60.0/sobjects/Case';
const EXT = 'Forewarn_Case_Id__c';
const FIELDS = ['Subject', 'Description', 'Status', 'Priority', 'Origin', 'SuppliedEmail'];
const STATUS = ['New', 'Working', 'Escalated', 'Closed'];
const PRIORITY = ['High', 'Medium', 'Low'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isReply = (x: object): x is Reply => 'status' in x && typeof x.status === 'number';

export interface SfCase {
  Id: string;
  fields: Record<string, string>;
}

/** Service Cloud's token endpoint and Case sObject resource, checking what the real ones check. */
export async function startFakeSalesforce(creds: { clientId: string; clientSecret: string }) {
  const cases = new Map<string, SfCase>(); // by external id
  const tokens: string[] = [];

  /** The checked fields, or the refusal. */
  function checkFields(
    r: Recorded,
    fail: (w: string) => Reply,
    withExt: boolean,
  ): Record<string, string> | Reply {
    if (!String(r.headers['content-type']).startsWith('application/json'))
      return fail('content-type is not application/json');
    const b = parseJson(r) as Record<string, string> | undefined;
    if (!b || typeof b !== 'object') return fail('body is not a JSON object');
    const extra = unknownKeys(b, withExt ? [...FIELDS, EXT] : FIELDS);
    if (extra.length) return fail(`unknown fields ${extra.join(',')}`);
    if (!b['Subject'] || b['Subject'].length > 255) return fail('Subject missing or too long');
    if (typeof b['Description'] !== 'string') return fail('Description missing');
    if (!STATUS.includes(b['Status'] ?? '')) return fail(`bad Status ${b['Status']}`);
    if (!PRIORITY.includes(b['Priority'] ?? '')) return fail(`bad Priority ${b['Priority']}`);
    if (!b['Origin']) return fail('Origin missing');
    if (withExt && !UUID.test(b[EXT] ?? '')) return fail(`${EXT} missing`);
    return b;
  }

  const http = await startFakeHttp((r, fail) => {
    if (r.path === '/services/oauth2/token') {
      if (r.method !== 'POST') return fail('token: not POST');
      if (r.headers['content-type'] !== 'application/x-www-form-urlencoded')
        return fail('token: not form-encoded');
      const f = new URLSearchParams(r.body);
      if (f.get('grant_type') !== 'client_credentials') return fail('token: bad grant_type');
      if (f.get('client_id') !== creds.clientId || f.get('client_secret') !== creds.clientSecret)
        return { status: 400, body: { error: 'invalid_client', error_description: 'bad creds' } };
      const token = `00D-token-${tokens.length + 1}`;
      tokens.push(token);
      return { status: 200, body: { access_token: token, token_type: 'Bearer', issued_at: '1' } };
    }
    if (r.headers.authorization !== `Bearer ${tokens[tokens.length - 1]}`)
      return { status: 401, body: [{ errorCode: 'INVALID_SESSION_ID', message: 'expired' }] };
    if (r.headers.accept !== 'application/json') return fail('accept is not application/json');
    const byExt = r.path.startsWith(`${API}/${EXT}/`)
      ? decodeURIComponent(r.path.slice(`${API}/${EXT}/`.length))
      : undefined;
    if (r.method === 'POST' && r.path === API) {
      const b = checkFields(r, fail, true);
      if (isReply(b)) return b;
      if (cases.has(b[EXT]!))
        return { status: 400, body: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate' }] };
      const c = { Id: `500${String(cases.size + 1).padStart(12, '0')}`, fields: b };
      cases.set(b[EXT]!, c);
      return { status: 201, body: { id: c.Id, success: true, errors: [] } };
    }
    if (r.method === 'PATCH' && byExt) {
      const b = checkFields(r, fail, false);
      if (isReply(b)) return b;
      const found = cases.get(byExt);
      const c = found ?? { Id: `500${String(cases.size + 1).padStart(12, '0')}`, fields: {} };
      c.fields = { ...c.fields, ...b, [EXT]: byExt };
      cases.set(byExt, c);
      return {
        status: found ? 200 : 201,
        body: { id: c.Id, success: true, errors: [], created: !found },
      };
    }
    if (r.method === 'GET' && byExt) {
      const c = cases.get(byExt);
      return c
        ? { status: 200, body: { attributes: { type: 'Case' }, Id: c.Id } }
        : { status: 404 };
    }
    if (r.method === 'PATCH' && r.path.startsWith(`${API}/`)) {
      const b = checkFields(r, fail, false);
      if (isReply(b)) return b;
      const id = r.path.slice(API.length + 1);
      const c = [...cases.values()].find((x) => x.Id === id);
      if (!c) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: id }] };
      c.fields = { ...c.fields, ...b };
      return { status: 204 };
    }
    return fail('no such resource');
  });
  return { ...http, cases, tokens };
}
