import type pg from 'pg';
import type {
  InterchangeRecord,
  RecordedStatus,
  SetIssue,
  UnreadableRecord,
} from '../domain/edi-interchange.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

interface Key {
  senderQualifier: string;
  senderId: string;
  controlNumber: string;
}

const keyOf = (k: Key) => `${k.senderQualifier}\u0000${k.senderId}\u0000${k.controlNumber}`;

/** The first interchange recorded under each key (sender, ISA-13), by key. */
export async function firstInterchanges(
  db: Queryable,
  keys: readonly Key[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<{
    sender_qualifier: string;
    sender_id: string;
    control_number: string;
    id: string;
  }>(
    `SELECT sender_qualifier, sender_id, control_number, id
       FROM edi_interchanges
      WHERE duplicate_of IS NULL
        AND (sender_qualifier, sender_id, control_number) IN
            (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [
      keys.map((k) => k.senderQualifier),
      keys.map((k) => k.senderId),
      keys.map((k) => k.controlNumber),
    ],
  );
  return new Map(
    rows.map((r) => [
      keyOf({
        senderQualifier: r.sender_qualifier,
        senderId: r.sender_id,
        controlNumber: r.control_number,
      }),
      r.id,
    ]),
  );
}

export const interchangeKey = keyOf;

const COLUMNS = `id, source_system, sender_qualifier, sender_id, receiver_qualifier, receiver_id,
  control_number, version, group_control_numbers, groups, transaction_sets, status, duplicate_of,
  acknowledgement, received_at`;
/** What a read returns: the record, and what is kept of an unreadable body. */
const READ_COLUMNS = `${COLUMNS}, refusal, excerpt, size_bytes`;

/**
 * Records interchanges. One that loses a race for its key (the same sender and ISA-13 arriving
 * twice at once) is kept as a repeat of the winner rather than failing the acceptance.
 */
export async function saveInterchanges(
  db: Queryable,
  records: readonly InterchangeRecord[],
): Promise<void> {
  for (const r of records) {
    const values = [
      r.id,
      r.sourceSystem,
      r.senderQualifier,
      r.senderId,
      r.receiverQualifier,
      r.receiverId,
      r.controlNumber,
      r.version,
      r.groups.map((g) => g.controlNumber),
      JSON.stringify(r.groups),
      JSON.stringify(r.transactionSets),
      r.status,
      r.duplicateOf,
      r.acknowledgement,
      r.receivedAt,
    ];
    const insert = `INSERT INTO edi_interchanges (${COLUMNS})
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
    if (r.duplicateOf !== null) {
      await db.query(insert, values);
      continue;
    }
    const { rowCount } = await db.query(
      `${insert} ON CONFLICT (sender_qualifier, sender_id, control_number)
         WHERE duplicate_of IS NULL DO NOTHING`,
      values,
    );
    if (rowCount === 1) continue;
    const first = (await firstInterchanges(db, [r])).get(keyOf(r)) ?? null;
    values[12] = first;
    await db.query(insert, values);
  }
}

/** Records a transmission that could not be read as X12; it has no envelope, so no duplicate key. */
export async function saveUnreadable(db: Queryable, r: UnreadableRecord): Promise<void> {
  await db.query(
    `INSERT INTO edi_interchanges (id, source_system, group_control_numbers, groups,
       transaction_sets, status, acknowledgement, received_at, refusal, excerpt, size_bytes)
     VALUES ($1, $2, '{}', '[]', '[]', 'unreadable', '', $3, $4, $5, $6)`,
    [r.id, r.sourceSystem, r.receivedAt, JSON.stringify(r.refusal), r.excerpt, r.sizeBytes],
  );
}

/** Envelope columns are null only on an unreadable transmission's row. */
export interface InterchangeRow {
  id: string;
  source_system: string;
  sender_qualifier: string | null;
  sender_id: string | null;
  receiver_qualifier: string | null;
  receiver_id: string | null;
  control_number: string | null;
  version: string | null;
  group_control_numbers: string[];
  groups: InterchangeRecord['groups'];
  transaction_sets: InterchangeRecord['transactionSets'];
  status: RecordedStatus;
  duplicate_of: string | null;
  acknowledgement: string;
  received_at: Date;
  refusal: SetIssue | null;
  excerpt: string | null;
  size_bytes: number | null;
}

export interface InterchangeFilter {
  /** Only this source system's (a source key's own). */
  sourceSystem?: string;
  /** ISA-06, as sent (trimmed). */
  sender?: string;
  status?: RecordedStatus;
  since?: Date;
  /** The last row of the previous page: (received_at, id). */
  after?: { receivedAt: string; id: string };
  limit: number;
}

/** Newest first; one row more than the limit, so the caller knows there is a next page. */
export async function listInterchanges(
  db: Queryable,
  f: InterchangeFilter,
): Promise<InterchangeRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.sourceSystem !== undefined) add((p) => `source_system = ${p}`, f.sourceSystem);
  if (f.sender !== undefined) add((p) => `sender_id = ${p}`, f.sender);
  if (f.status !== undefined) add((p) => `status = ${p}`, f.status);
  if (f.since !== undefined) add((p) => `received_at >= ${p}`, f.since);
  if (f.after !== undefined) {
    params.push(f.after.receivedAt, f.after.id);
    where.push(`(received_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(f.limit + 1);
  const { rows } = await db.query<InterchangeRow>(
    `SELECT ${READ_COLUMNS} FROM edi_interchanges
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY received_at DESC, id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function readInterchange(
  db: Queryable,
  id: string,
): Promise<InterchangeRow | undefined> {
  const { rows } = await db.query<InterchangeRow>(
    `SELECT ${READ_COLUMNS} FROM edi_interchanges WHERE id = $1`,
    [id],
  );
  return rows[0];
}
