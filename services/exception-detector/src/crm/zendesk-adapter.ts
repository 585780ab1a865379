import { CrmSendError, type CrmAdapter, type SyncRequest } from './adapter.js';
import type { CrmCase } from './crm-case.js';
import { basicAuth, call, expectOk, json, type Fetch, type HttpCall } from './http.js';
import type { ZendeskTarget } from './targets.js';

const PRIORITY: Record<CrmCase['priority'], string> = {
  critical: 'urgent',
  high: 'high',
  normal: 'normal',
  low: 'low',
};

function status(c: CrmCase, creating: boolean): string {
  if (c.status === 'resolved' || c.status === 'closed') return 'solved';
  if (c.status === 'waiting_on_customer') return 'pending';
  return creating && c.status === 'open' ? 'new' : 'open';
}

/** The ticket body: an internal comment per version, so the ticket keeps the case's history. */
export function ticketOf(c: CrmCase, creating: boolean) {
  return {
    subject: c.title,
    comment: {
      body: creating
        ? c.description
        : `Forewarn ${c.trigger} (version ${c.version}): ${c.status}, ${c.escalationLevel}.\n\n${c.description}`,
      public: false,
    },
    priority: PRIORITY[c.priority],
    status: status(c, creating),
    external_id: c.caseId,
    tags: ['forewarn', c.caseType, `forewarn_${c.escalationLevel}`],
  };
}

const ticketId = (body: unknown): string | undefined => {
  const id = (body as { ticket?: { id?: unknown } } | undefined)?.ticket?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
};

/**
 * Zendesk Support tickets over REST (basic auth with an API token). Zendesk has no upsert, so
 * when the ticket may already exist the adapter lists tickets by external_id first; creates
 * also carry an Idempotency-Key (the job id).
 */
export function zendeskAdapter(t: ZendeskTarget, fetchImpl: Fetch): CrmAdapter {
  const base = t.baseUrl ?? `https://${t.subdomain}.zendesk.com`;
  const auth = basicAuth(`${t.email}/token`, t.apiToken);
  const api = async (
    c: Pick<HttpCall, 'method' | 'body' | 'what'> & {
      path: string;
      extra?: Record<string, string>;
    },
  ) =>
    expectOk(
      await call(fetchImpl, {
        method: c.method,
        url: `${base}${c.path}`,
        headers: {
          authorization: auth,
          accept: 'application/json',
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...c.extra,
        },
        ...(c.body !== undefined ? { body: c.body } : {}),
        timeoutMs: t.timeoutMs,
        what: c.what,
      }),
      c.what,
    );

  async function findByExternalId(caseId: string): Promise<string | undefined> {
    const found = await api({
      method: 'GET',
      path: `/api/v2/tickets.json?external_id=${encodeURIComponent(caseId)}`,
      what: 'zendesk lookup',
    });
    const first = (found.body as { tickets?: { id?: unknown }[] } | undefined)?.tickets?.[0]?.id;
    return typeof first === 'number' || typeof first === 'string' ? String(first) : undefined;
  }

  return {
    system: 'zendesk',
    async sync(req: SyncRequest) {
      const known =
        req.crmId ?? (req.mayExist ? await findByExternalId(req.case.caseId) : undefined);
      if (known) {
        await api({
          method: 'PUT',
          path: `/api/v2/tickets/${encodeURIComponent(known)}.json`,
          body: json({ ticket: ticketOf(req.case, false) }),
          what: 'zendesk update',
        });
        return { crmId: known };
      }
      const created = await api({
        method: 'POST',
        path: '/api/v2/tickets.json',
        body: json({ ticket: ticketOf(req.case, true) }),
        extra: { 'idempotency-key': req.jobId },
        what: 'zendesk create',
      });
      const id = ticketId(created.body);
      if (!id) throw new CrmSendError('zendesk create: reply has no ticket id', true);
      return { crmId: id };
    },
  };
}
