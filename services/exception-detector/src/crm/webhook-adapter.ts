import { SIGNATURE_HEADER, sign } from '@forewarn/runtime/platform';
import type { CrmAdapter, SyncRequest } from './adapter.js';
import { call, expectOk, json, type Fetch } from './http.js';
import type { WebhookTarget } from './targets.js';

/**
 * Generic signed webhook: POSTs the case version as JSON. The job id is the Idempotency-Key, so
 * a receiver that saw a send whose reply we lost drops the retry; `id` in its reply is kept as
 * the CRM id.
 */
export function webhookAdapter(t: WebhookTarget, fetchImpl: Fetch, now: () => Date): CrmAdapter {
  return {
    system: 'webhook',
    async sync(req: SyncRequest) {
      const body = json({
        id: req.jobId,
        type: req.case.trigger,
        occurredAt: req.case.updatedAt,
        ...(req.crmId ? { crmId: req.crmId } : {}),
        case: req.case,
      });
      const reply = expectOk(
        await call(fetchImpl, {
          method: 'POST',
          url: t.url,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': req.jobId,
            [SIGNATURE_HEADER]: sign(t.secret, body, now()),
          },
          body,
          timeoutMs: t.timeoutMs,
          what: 'webhook',
        }),
        'webhook',
      );
      const id = (reply.body as { id?: unknown } | undefined)?.id;
      const crmId = typeof id === 'string' || typeof id === 'number' ? String(id) : req.crmId;
      return crmId ? { crmId } : {};
    },
  };
}
