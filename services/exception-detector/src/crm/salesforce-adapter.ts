import { CrmSendError, type CrmAdapter, type SyncRequest } from './adapter.js';
import type { CrmCase } from './crm-case.js';
import { call, expectOk, json, type Fetch, type HttpCall, type HttpReply } from './http.js';
import type { SalesforceTarget } from './targets.js';

const API = '/services/data/v60.0';
/** The External Id custom field on Case that holds the Forewarn case id. */
export const EXTERNAL_ID_FIELD = 'Forewarn_Case_Id__c';
const TOKEN_MARGIN_MS = 60_000;

/** Standard Case picklists: Status New / Working / Escalated / Closed, Priority High / Medium / Low. */
function status(c: CrmCase): string {
  if (c.status === 'resolved' || c.status === 'closed') return 'Closed';
  if (c.escalationLevel !== 'l1') return 'Escalated';
  return c.status === 'open' ? 'New' : 'Working';
}
const PRIORITY: Record<CrmCase['priority'], string> = {
  critical: 'High',
  high: 'High',
  normal: 'Medium',
  low: 'Low',
};

export function caseFields(c: CrmCase, origin: string): Record<string, string> {
  return {
    Subject: c.title.slice(0, 255),
    Description: c.description.slice(0, 32_000),
    Status: status(c),
    Priority: PRIORITY[c.priority],
    Origin: origin,
    ...(c.customerEmail ? { SuppliedEmail: c.customerEmail } : {}),
  };
}

const idOf = (r: HttpReply): string | undefined => {
  const b = r.body as { id?: unknown; Id?: unknown } | undefined;
  const id = b?.id ?? b?.Id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Salesforce Service Cloud Case over REST. A first attempt creates with POST; when the record
 * may already exist (a lost reply) it upserts on the External Id, which creates or updates
 * exactly one Case. Known ids are updated with PATCH on the Case id.
 */
export function salesforceAdapter(
  t: SalesforceTarget,
  fetchImpl: Fetch,
  now: () => Date,
): CrmAdapter {
  let token: { value: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > now().getTime()) return token.value;
    const reply = expectOk(
      await call(fetchImpl, {
        method: 'POST',
        url: `${t.instanceUrl}/services/oauth2/token`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: t.clientId,
          client_secret: t.clientSecret,
        }).toString(),
        timeoutMs: t.timeoutMs,
        what: 'salesforce token',
      }),
      'salesforce token',
    );
    const b = reply.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof b?.access_token !== 'string')
      throw new CrmSendError('salesforce token: reply has no access_token', true);
    const ttlS = typeof b.expires_in === 'number' ? b.expires_in : t.tokenTtlSeconds;
    token = { value: b.access_token, expiresAt: now().getTime() + ttlS * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  /** A 401 means the session ended before our TTL: drop the token and try once more. */
  async function api(c: Pick<HttpCall, 'method' | 'body' | 'what'> & { path: string }) {
    for (let tries = 0; ; tries++) {
      const reply = await call(fetchImpl, {
        method: c.method,
        url: `${t.instanceUrl}${API}${c.path}`,
        headers: {
          authorization: `Bearer ${await accessToken()}`,
          accept: 'application/json',
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(c.body !== undefined ? { body: c.body } : {}),
        timeoutMs: t.timeoutMs,
        what: c.what,
      });
      if (reply.status === 401 && tries === 0) {
        token = undefined;
        continue;
      }
      return expectOk(reply, c.what);
    }
  }

  const byExternalId = (caseId: string) =>
    `/sobjects/Case/${EXTERNAL_ID_FIELD}/${encodeURIComponent(caseId)}`;

  return {
    system: 'salesforce',
    async sync(req: SyncRequest) {
      const fields = caseFields(req.case, t.origin);
      if (req.crmId) {
        await api({
          method: 'PATCH',
          path: `/sobjects/Case/${encodeURIComponent(req.crmId)}`,
          body: json(fields),
          what: 'salesforce update',
        });
        return { crmId: req.crmId };
      }
      if (!req.mayExist) {
        const created = await api({
          method: 'POST',
          path: '/sobjects/Case',
          body: json({ ...fields, [EXTERNAL_ID_FIELD]: req.case.caseId }),
          what: 'salesforce create',
        });
        const id = idOf(created);
        if (!id) throw new CrmSendError('salesforce create: reply has no id', true);
        return { crmId: id };
      }
      const upserted = await api({
        method: 'PATCH',
        path: byExternalId(req.case.caseId),
        body: json(fields),
        what: 'salesforce upsert',
      });
      // Older API versions answer an update-by-upsert with 204 and no id: look it up.
      const id =
        idOf(upserted) ??
        idOf(
          await api({
            method: 'GET',
            path: `${byExternalId(req.case.caseId)}?fields=Id`,
            what: 'salesforce lookup',
          }),
        );
      if (!id) throw new CrmSendError('salesforce upsert: no Case id found', true);
      return { crmId: id };
    },
  };
}
