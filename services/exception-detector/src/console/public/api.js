/* global fetch, sessionStorage, URLSearchParams */
// The API the console talks to: same origin, the key in the x-api-key header, errors as
// problem+json documents turned into ApiError so the page can show detail and zod issues.

const KEY_STORAGE = 'forewarn.console.apiKey';
const UPSTREAM = '/v1/console/upstream';

export class ApiError extends Error {
  /** @param {number} status @param {Record<string, unknown>} problem */
  constructor(status, problem) {
    super(String(problem.detail ?? problem.title ?? `HTTP ${status}`));
    this.status = status;
    this.title = String(problem.title ?? `HTTP ${status}`);
    this.code = typeof problem.code === 'string' ? problem.code : undefined;
    /** @type {{ location?: string, path: string, code: string, message: string }[]} */
    this.issues = Array.isArray(problem.issues) ? problem.issues : [];
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY_STORAGE),
  /** @param {string} key */
  keep: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  forget: () => sessionStorage.removeItem(KEY_STORAGE),
};

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {string | null} [key] defaults to the signed-in key
 */
export async function call(method, path, body, key = session.key()) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' };
  if (key) headers['x-api-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new ApiError(0, {
      title: 'Network error',
      detail: `The service did not answer (${err instanceof Error ? err.message : String(err)}).`,
    });
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { detail: text.slice(0, 500) };
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const api = {
  session: (key) => call('GET', '/console/session', undefined, key),
  /** @param {Record<string, string>} filters @param {string | null} cursor @param {number} limit */
  queue: (filters, cursor, limit) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    q.set('limit', String(limit));
    if (cursor) q.set('cursor', cursor);
    return call('GET', `/v1/cases?${q}`);
  },
  detail: (id) => call('GET', `/v1/cases/${encodeURIComponent(id)}`),
  act: (id, action, body) => call('POST', `/v1/cases/${encodeURIComponent(id)}/${action}`, body),
  kpis: () => call('GET', '/v1/kpis'),
  /** Open cases whose remedy awaits approval: { pending, yours } (team lead and above). */
  pendingApprovals: () => call('GET', '/v1/cases/pending-approvals'),
  /** Whom a case may be reassigned to: { assignees: [{ userId, role }] } (team lead and above). */
  assignees: () => call('GET', '/v1/assignees'),
  // Other services, reached through this one (see console/upstream-routes.ts).
  feeds: () => call('GET', `${UPSTREAM}/ingestion/v1/feeds`),
  /** @param {string} days 7, 30 or 90 */
  carrierScorecards: (days) =>
    call('GET', `${UPSTREAM}/shipment/v1/carriers/scorecards?days=${encodeURIComponent(days)}`),
  /** @param {string} days 7, 30 or 90 */
  supplierScorecards: (days) =>
    call('GET', `${UPSTREAM}/order/v1/suppliers/scorecards?days=${encodeURIComponent(days)}`),
  /** One supplier's scorecard and its purchase orders in the window. @param {string} days 7, 30 or 90 */
  supplier: (supplierId, days) =>
    call(
      'GET',
      `${UPSTREAM}/order/v1/suppliers/${encodeURIComponent(supplierId)}/scorecard?days=${encodeURIComponent(days)}`,
    ),
  /** The notices the notification service sent on one case. */
  caseNotices: (caseId) =>
    call('GET', `${UPSTREAM}/notification/v1/notices?caseId=${encodeURIComponent(caseId)}`),
  /** The notices the notification service sent about one order. */
  orderNotices: (orderId) =>
    call('GET', `${UPSTREAM}/notification/v1/notices?orderId=${encodeURIComponent(orderId)}`),
  deadLetters: () => call('GET', `${UPSTREAM}/ingestion/v1/dead-letters`),
  /** The latest X12 interchanges received, newest first. */
  ediInterchanges: (limit = 25) =>
    call('GET', `${UPSTREAM}/ingestion/v1/edi/interchanges?limit=${encodeURIComponent(limit)}`),
  /** One interchange with the acknowledgement returned for it. */
  ediInterchange: (id) =>
    call('GET', `${UPSTREAM}/ingestion/v1/edi/interchanges/${encodeURIComponent(id)}`),
  /** @param {'replay' | 'discard'} action */
  settleDeadLetter: (group, id, action) =>
    call(
      'POST',
      `${UPSTREAM}/ingestion/v1/dead-letters/${encodeURIComponent(group)}/${encodeURIComponent(id)}/${action}`,
    ),
  /**
   * OTIF, fill rate and pick accuracy, owned by the order service, over the orders placed in
   * the window.
   * @param {{ since: string, until: string }} window
   * @param {Record<string, string>} [scope] customerId, tier, site, carrier
   */
  orderKpis: (window, scope = {}) => {
    const q = new URLSearchParams({ since: window.since, until: window.until, ...scope });
    return call('GET', `${UPSTREAM}/order/v1/kpis?${q}`);
  },
  /**
   * Proactive ratio and lead time, owned by the notification service, over the exceptions
   * opened in the window.
   * @param {{ since: string, until: string }} window
   * @param {Record<string, string>} [scope] customerId, tier, site, carrier
   */
  proactivity: (window, scope = {}) => {
    // Its `to` is exclusive, the detector's `until` inclusive: a case opened at the very instant
    // the window ends (a frozen demo clock opens late ones there) must count on both.
    const to = new Date(Date.parse(window.until) + 1).toISOString();
    const q = new URLSearchParams({ from: window.since, to, ...scope });
    return call('GET', `${UPSTREAM}/notification/v1/proactivity?${q}`);
  },
  /** @param {Record<string, string>} filters days (7/30/90), tier, customer, carrier, site */
  dashboard: (filters) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    return call('GET', `/v1/dashboard/cases?${q}`);
  },
};
