import { withTransaction } from '@forewarn/db';
import type pg from 'pg';
import type { Channel } from '../domain/channels.js';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import type { NoticeRow } from './notice-row.js';

/** Who claims, and until when the claim holds unless renewed (db/lease.ts). */
export interface Lease {
  owner: string;
  until: Date;
}

/** Notices that go out as one message: a single notice, or a contact's digest. */
export interface SendGroup {
  batchId: string | null;
  notices: NoticeRow[];
}

/** Claims due notices and, for those `logNow` selects, logs their in-flight attempt too. */
const CLAIM = (where: string, logNow: string) => `
WITH picked AS (
  SELECT notice_id FROM notices
  WHERE status = 'pending' AND channel = $1 AND next_attempt_at <= $2 AND ${where}
  ORDER BY next_attempt_at, notice_id
  LIMIT $3
  FOR UPDATE SKIP LOCKED),
claimed AS (
  UPDATE notices n SET status = 'sending', sending_since = $2, lease_owner = $4, lease_until = $5,
    attempts = n.attempts + 1, channel_attempts = n.channel_attempts + 1
  FROM picked WHERE n.notice_id = picked.notice_id
  RETURNING n.*),
logged AS (
  INSERT INTO delivery_log (notice_id, kind, attempt, channel, address, batch_id, started_at, outcome)
  SELECT notice_id, 'attempt', attempts, channel, address, batch_id, $2, 'in_flight'
  FROM claimed WHERE ${logNow})
SELECT * FROM claimed`;

/**
 * Claims up to `limit` due notices of one channel (and, for digests, every other due notice of
 * the same contacts), marks them `sending` and logs an in-flight attempt. Immediate notices are
 * claimed and logged in one statement, no transaction around it (a poll used to take BEGIN,
 * claim, log, COMMIT, found something or not). Digests take a transaction more: their companions
 * are claimed and the groups' batch ids set before their attempts are logged; should it fail,
 * the digest notices already claimed are sent once their lease has run out, like a crash's.
 * SKIP LOCKED lets several workers claim side by side without taking the same row; the lease
 * says how long the claim holds without a heartbeat.
 */
export async function claimDue(
  pool: pg.Pool,
  channel: Channel,
  limit: number,
  now: Date,
  lease: Lease,
): Promise<SendGroup[]> {
  if (limit <= 0) return [];
  const first = (
    await pool.query<NoticeRow>(CLAIM('true', `mode <> 'digest'`), [
      channel,
      now,
      limit,
      lease.owner,
      lease.until,
    ])
  ).rows;
  const digestContacts = [
    ...new Set(first.filter((r) => r.mode === 'digest').map((r) => r.contact_id)),
  ];
  if (digestContacts.length === 0) return groupForSending(first);
  return withTransaction(pool, async (db) => {
    const companions = (
      await db.query<NoticeRow>(
        CLAIM(`mode = 'digest' AND contact_id = ANY($6::text[])`, 'false'),
        [channel, now, 10_000, lease.owner, lease.until, digestContacts],
      )
    ).rows;
    const groups = groupForSending([...first, ...companions]);
    for (const g of groups.filter((g) => g.batchId)) {
      await db.query('UPDATE notices SET batch_id = $1 WHERE notice_id = ANY($2::uuid[])', [
        g.batchId,
        g.notices.map((n) => n.notice_id),
      ]);
      for (const n of g.notices) n.batch_id = g.batchId;
    }
    const digests = groups.filter((g) => g.batchId).flatMap((g) => g.notices);
    await db.query(
      `INSERT INTO delivery_log (notice_id, kind, attempt, channel, address, batch_id, started_at, outcome)
       SELECT id, 'attempt', attempt, $4, addr, batch, $5, 'in_flight'
       FROM unnest($1::uuid[], $2::int[], $3::text[], $6::uuid[]) AS t(id, attempt, addr, batch)`,
      [
        digests.map((n) => n.notice_id),
        digests.map((n) => n.attempts),
        digests.map((n) => n.address),
        channel,
        now,
        digests.map((n) => n.batch_id),
      ],
    );
    return groups;
  });
}

/**
 * Immediate notices go alone. Digest notices go together per contact and address; a group that
 * was already formed before a crash keeps its batch id (hence the same provider key), and new
 * ones get an id derived from their members.
 */
export function groupForSending(rows: readonly NoticeRow[]): SendGroup[] {
  const groups: SendGroup[] = [];
  const digests = new Map<string, NoticeRow[]>();
  for (const r of rows) {
    if (r.mode !== 'digest') {
      groups.push({ batchId: null, notices: [r] });
      continue;
    }
    const k = `${r.contact_id}|${r.address}|${r.batch_id ?? 'new'}`;
    digests.set(k, [...(digests.get(k) ?? []), r]);
  }
  for (const members of digests.values()) {
    const batchId =
      members[0]!.batch_id ??
      nameUuid(ID_SCHEMES.notification, 'digest', ...members.map((m) => m.notice_id).sort());
    groups.push({ batchId, notices: members });
  }
  return groups;
}
