import { verify } from '@forewarn/runtime/platform';
import { parseJson, startFakeHttp } from './fake-http.js';

/** The receiver's check, with no time window: the detector's test clock is not the wall clock. */
export const signedBy = (secret: string, body: string, header: string) =>
  verify({ secret, header, rawBody: body, now: new Date(), toleranceSeconds: Infinity }).ok;

/** A webhook receiver that verifies the signature and drops repeated Idempotency-Keys. */
export async function startFakeWebhook(secret: string) {
  const accepted = new Map<string, { caseId: string; version: number; type: string }>();
  const http = await startFakeHttp((r, fail) => {
    if (r.method !== 'POST' || r.path !== '/hooks/forewarn') return fail('wrong endpoint');
    if (r.headers['content-type'] !== 'application/json') return fail('not application/json');
    const sig = r.headers['forewarn-signature'];
    if (typeof sig !== 'string' || !signedBy(secret, r.body, sig)) return fail('bad signature');
    const key = r.headers['idempotency-key'];
    const b = parseJson(r) as
      { id?: string; type?: string; case?: { caseId?: string; version?: number } } | undefined;
    if (!b?.case?.caseId || typeof b.case.version !== 'number') return fail('no case in body');
    if (typeof key !== 'string' || key !== b.id)
      return fail('Idempotency-Key is not the delivery id');
    if (!accepted.has(key))
      accepted.set(key, { caseId: b.case.caseId, version: b.case.version, type: b.type ?? '' });
    return { status: 200, body: { id: `WH-${b.case.caseId}` } };
  });
  return { ...http, accepted };
}
