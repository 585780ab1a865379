import type pg from 'pg';
import type { CrmCase, CrmJob } from '../crm/crm-case.js';

type Q = Pick<pg.ClientBase, 'query'>;

export type CrmJobStatus = 'pending' | 'done' | 'dead';

/** Records the sends a case change calls for, in the change's transaction; a replay adds none. */
export async function recordCrmJobs(db: Q, jobs: readonly CrmJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `INSERT INTO crm_sync (job_id, case_id, case_version, target, payload, next_attempt_at, created_at, updated_at)
     SELECT j, c::uuid, v, g, p, $6, $6, $6
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[]) AS x(j, c, v, g, p)
     ON CONFLICT DO NOTHING`,
    [
      jobs.map((j) => j.jobId),
      jobs.map((j) => j.caseId),
      jobs.map((j) => j.caseVersion),
      jobs.map((j) => j.target),
      jobs.map((j) => JSON.stringify(j.payload)),
      now,
    ],
  );
}

export interface ClaimedCrmJob extends CrmJob {
  /** This attempt's number (1-based). */
  attempts: number;
  crmId?: string;
  /**
   * An earlier attempt of this job, or an earlier job for the same case and target, may have
   * created the record without us learning its id.
   */
  mayExist: boolean;
}

/**
 * Claims the next due job and leases it until `leaseUntil`, committed before the send: a crash
 * mid-send leaves a lease that runs out, and the job comes back with its attempt counted.
 * A job waits while an earlier version of its case is pending for the same target, so a CRM
 * never sees version 3 before version 2. SKIP LOCKED lets several workers share the table.
 */
export async function claimCrmJob(
  db: Q,
  now: Date,
  leaseUntil: Date,
): Promise<ClaimedCrmJob | undefined> {
  const { rows } = await db.query<{
    job_id: string;
    case_id: string;
    case_version: number;
    target: string;
    payload: CrmCase;
    attempts: number;
    crm_id: string | null;
    may_exist: boolean;
  }>(
    `UPDATE crm_sync j SET attempts = j.attempts + 1, next_attempt_at = $2, updated_at = $1
     WHERE j.job_id = (
       SELECT c.job_id FROM crm_sync c
       WHERE c.status = 'pending' AND c.next_attempt_at <= $1
         AND NOT EXISTS (SELECT 1 FROM crm_sync p WHERE p.case_id = c.case_id AND p.target = c.target
                         AND p.status = 'pending' AND p.case_version < c.case_version)
       ORDER BY c.next_attempt_at, c.job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING j.job_id, j.case_id, j.case_version, j.target, j.payload, j.attempts,
       (SELECT l.crm_id FROM crm_links l WHERE l.case_id = j.case_id AND l.target = j.target) AS crm_id,
       j.attempts > 1 OR j.last_error IS NOT NULL OR EXISTS (SELECT 1 FROM crm_sync p
         WHERE p.case_id = j.case_id AND p.target = j.target AND p.case_version < j.case_version) AS may_exist`,
    [now, leaseUntil],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    jobId: r.job_id,
    caseId: r.case_id,
    caseVersion: r.case_version,
    target: r.target,
    payload: r.payload,
    attempts: r.attempts,
    ...(r.crm_id ? { crmId: r.crm_id } : {}),
    mayExist: r.may_exist,
  };
}

/** The guard on every outcome: only the holder of this attempt settles the job. */
const OWNED = `job_id = $1 AND attempts = $2 AND status = 'pending'`;

/** Sent: the job is done and the CRM's id is linked to the case (table and case document). */
export async function completeCrmJob(
  db: Q,
  job: ClaimedCrmJob,
  system: string,
  crmId: string | undefined,
  now: Date,
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE crm_sync SET status = 'done', crm_id = $3, last_error = NULL, updated_at = $4 WHERE ${OWNED}`,
    [job.jobId, job.attempts, crmId ?? null, now],
  );
  if (!rowCount || !crmId || crmId === job.crmId) return;
  await db.query(
    `INSERT INTO crm_links (case_id, target, system, crm_id, linked_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, target) DO UPDATE SET crm_id = EXCLUDED.crm_id, system = EXCLUDED.system,
       linked_at = EXCLUDED.linked_at`,
    [job.caseId, job.target, system, crmId, now],
  );
  await db.query(
    `UPDATE cases SET data = jsonb_set(data, '{crm}',
       COALESCE(data -> 'crm', '{}'::jsonb) || jsonb_build_object($2::text,
         jsonb_build_object('system', $3::text, 'externalId', $4::text, 'linkedAt', $5::text)))
     WHERE case_id = $1`,
    [job.caseId, job.target, system, crmId, now.toISOString()],
  );
}

/** Failed: back to pending at `retryAt`, or dead when there is none. */
export async function failCrmJob(
  db: Q,
  job: ClaimedCrmJob,
  error: string,
  retryAt: Date | undefined,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE crm_sync SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5,
       updated_at = $6 WHERE ${OWNED}`,
    [
      job.jobId,
      job.attempts,
      retryAt ? 'pending' : 'dead',
      retryAt ?? null,
      error.slice(0, 2000),
      now,
    ],
  );
}

export interface CrmJobRow {
  jobId: string;
  caseId: string;
  caseVersion: number;
  target: string;
  status: CrmJobStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  crmId: string | null;
  updatedAt: string;
}

export async function listCrmJobs(
  db: Q,
  f: { status?: CrmJobStatus; caseId?: string; limit: number },
): Promise<CrmJobRow[]> {
  const { rows } = await db.query<{
    job_id: string;
    case_id: string;
    case_version: number;
    target: string;
    status: CrmJobStatus;
    attempts: number;
    next_attempt_at: Date;
    last_error: string | null;
    crm_id: string | null;
    updated_at: Date;
  }>(
    `SELECT job_id, case_id, case_version, target, status, attempts, next_attempt_at, last_error, crm_id, updated_at
     FROM crm_sync WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR case_id = $2)
     ORDER BY updated_at DESC, job_id LIMIT $3`,
    [f.status ?? null, f.caseId ?? null, f.limit],
  );
  return rows.map((r) => ({
    jobId: r.job_id,
    caseId: r.case_id,
    caseVersion: r.case_version,
    target: r.target,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    lastError: r.last_error,
    crmId: r.crm_id,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/**
 * Re-drives a dead job: pending again now, with a fresh attempt budget. Its last error stays,
 * so the next send still treats the record as one that may exist.
 */
export async function redriveCrmJob(db: Q, jobId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE crm_sync SET status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2
     WHERE job_id = $1 AND status = 'dead'`,
    [jobId, now],
  );
  return (rowCount ?? 0) > 0;
}
