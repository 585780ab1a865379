/** Request header in which a source may state when it sent the request (epoch ms, shared clock). */
export const SENT_AT_REQUEST_HEADER = 'x-forewarn-sent-at';
/** Message header consumers judge silences by (the detector's feed and absence rules). */
export const SENT_AT_HEADER = 'forewarn-sent-at';

/**
 * When a request's events were sent: the source's own statement when it is believable (not after
 * we received it, not older than the tolerance), else when we received it. Stamped on every
 * message the edge publishes, so the outbox relay's and the consumers' lag never reads as a
 * silence of the source.
 */
export function sentAtOf(stated: string | undefined, receivedAt: Date, toleranceMs: number): Date {
  const ms = stated !== undefined && /^\d{1,15}$/.test(stated.trim()) ? Number(stated) : NaN;
  const received = receivedAt.getTime();
  if (!Number.isFinite(ms) || ms > received || received - ms > toleranceMs) return receivedAt;
  return new Date(ms);
}
