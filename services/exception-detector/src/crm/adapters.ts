import type { CrmAdapter } from './adapter.js';
import type { Fetch } from './http.js';
import { salesforceAdapter } from './salesforce-adapter.js';
import type { CrmTarget } from './targets.js';
import { webhookAdapter } from './webhook-adapter.js';
import { zendeskAdapter } from './zendesk-adapter.js';

export function adapterFor(t: CrmTarget, fetchImpl: Fetch, now: () => Date): CrmAdapter {
  switch (t.kind) {
    case 'webhook':
      return webhookAdapter(t, fetchImpl, now);
    case 'salesforce':
      return salesforceAdapter(t, fetchImpl, now);
    case 'zendesk':
      return zendeskAdapter(t, fetchImpl);
  }
}

/** One adapter per target, built on first use: Salesforce's token cache lives in it. */
export function adapterCache(fetchImpl: Fetch, now: () => Date) {
  const cache = new Map<string, CrmAdapter>();
  return (t: CrmTarget): CrmAdapter => {
    const key = t.name;
    let a = cache.get(key);
    if (!a) cache.set(key, (a = adapterFor(t, fetchImpl, now)));
    return a;
  };
}
