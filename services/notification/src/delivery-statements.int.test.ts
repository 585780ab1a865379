import { decodeEvent } from '@forewarn/contracts';
import { createPool, inboxMigration, migrate, outboxMigration } from '@forewarn/db';
import { createLogger } from '@forewarn/observability';
import { uuidV7 } from '@forewarn/runtime/platform';
import { createTestEnv, recordStatements, type TestEnv } from '@forewarn/testkit';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smtpEmailProvider } from './channels/smtp-email.js';
import type { SendGroup } from './db/claim.js';
import { insertNotices, type NoticeToStore } from './db/insert-notices.js';
import { migrations } from './db/migrations.js';
import { createDeliveryWorker } from './delivery/worker.js';
import type { TemplateKey } from './domain/channels.js';
import { loadTemplates } from './templates/template-store.js';
import { startSmtpSink, type SmtpSink } from './test-support/smtp-sink.js';

const logger = createLogger({ name: 'notification-statements-test', level: 'silent' });
const SCHEMA = 'notifications';
const N = 20;
/** Connections the email provider may keep open: fewer than the sends in flight. */
const SMTP_CONNECTIONS = 5;

/** Each statement by its kind: transaction control, or the first words of its SQL. */
function kinds(statements: readonly string[]) {
  const kind = (s: string) =>
    s === 'BEGIN' || s === 'COMMIT' || s === 'ROLLBACK'
      ? s
      : s.startsWith('WITH input')
        ? s.includes('failed AS (')
          ? 'record failed'
          : 'record sent'
        : s.startsWith('WITH picked')
          ? 'claim'
          : s.includes('SET lease_until')
            ? 'lease renewal'
            : 'other';
  const out: Record<string, number> = {};
  for (const s of statements) out[kind(s)] = (out[kind(s)] ?? 0) + 1;
  return out;
}

/** Notice i for contact i of one customer, about order O-i and, for 4 and 5, one shipment. */
function notice(tag: string, i: number, at: Date): NoticeToStore {
  const template: TemplateKey = 'shipment.delayed';
  const orderId = `O-${tag}-${i}`;
  const shipmentId = i === 4 || i === 5 ? `S-${tag}-shared` : `S-${tag}-${i}`;
  return {
    plan: {
      noticeId: uuidV7(),
      idempotencyKey: `${tag}-${i}`,
      customerId: `C-${tag}`,
      contactId: `${tag}-contact-${i}`,
      recipient: `Buyer ${i}`,
      template,
      language: 'en',
      timeZone: 'UTC',
      destinations: [{ channel: 'email', address: `buyer${i}@${tag}.example` }],
      mode: 'immediate',
      dueAt: at,
      critical: false,
    },
    trigger: {
      eventId: uuidV7(),
      eventType: 'shipment.delayed',
      occurredAt: at.toISOString(),
      template,
      customerId: `C-${tag}`,
      customerTier: 'retail',
      critical: false,
      orderId,
      shipmentId,
      data: {},
    },
    context: { reference: orderId, customerName: `C-${tag}`, timeZone: 'UTC' },
  };
}

/**
 * The delivery path's round trips per notice sent (issue 17): it once took 7 statements and a
 * transaction to record each send, plus a lease renewal before it, and a transaction of 4 to
 * claim a batch. A batch of N immediate notices now costs one statement to claim them and one per
 * group of sends recorded together.
 */
describe('delivery: statements per notice sent (integration: real PostgreSQL, real SMTP)', () => {
  let env: TestEnv;
  let sink: SmtpSink;
  let pool: pg.Pool;
  let email: ReturnType<typeof smtpEmailProvider>;

  beforeAll(async () => {
    env = await createTestEnv('notification-statements', { topology: false });
    sink = await startSmtpSink();
    pool = createPool({
      databaseUrl: env.databaseUrl,
      max: 4,
      applicationName: 'notification-statements-test',
      schema: SCHEMA,
      logger,
    });
    await migrate(pool, {
      schema: SCHEMA,
      logger,
      migrations: [
        { id: '0000_inbox', sql: inboxMigration(SCHEMA) },
        { id: '0000_outbox', sql: outboxMigration(SCHEMA) },
        ...migrations,
      ],
    });
  });

  beforeEach(() => {
    email = smtpEmailProvider({
      host: '127.0.0.1',
      port: sink.port,
      from: 'Forewarn <notices@forewarn.example>',
      messageIdDomain: 'notices.forewarn.example',
      maxConnections: SMTP_CONNECTIONS,
    });
  });

  // Closed after each test, or its pooled connections hold the sink's close up.
  afterEach(() => email.close());

  afterAll(async () => {
    await pool?.end();
    await sink?.close();
    await env?.cleanup();
  });

  const worker = (
    db: pg.Pool,
    concurrency: number,
    afterSend?: (g: SendGroup) => Promise<void>,
    wallNow?: () => number,
  ) =>
    createDeliveryWorker({
      pool: db,
      ...(wallNow ? { wallNow } : {}),
      logger,
      // A clock that moves on at every reading: no two sends share a sent time, so which one
      // told an exception first is decided by the time, as it is between separate records.
      now: (
        (t) => () =>
          new Date(t++)
      )(Date.now()),
      providers: { email },
      templates: loadTemplates(),
      policy: {
        maxAttempts: 3,
        attemptsPerChannel: 3,
        backoff: { initialMs: 100, maxMs: 400, factor: 2 },
      },
      rateLimits: {
        email: { ratePerSecond: 1000, burst: 1000 },
        sms: { ratePerSecond: 1000, burst: 1000 },
        webhook: { ratePerSecond: 1000, burst: 1000 },
      },
      // Long enough that no heartbeat falls inside the batch: its renewals are not per notice.
      leaseMs: 120_000,
      timeoutsMs: { email: 30_000, sms: 30_000, webhook: 30_000 },
      batchSize: 50,
      concurrency,
      ...(afterSend ? { afterSend } : {}),
    });

  /** N due email notices of customer C-<tag>, with exceptions and a contact to fold in. */
  async function seed(tag: string) {
    const at = new Date(Date.now() - 60_000);
    const notices = Array.from({ length: N }, (_, i) => notice(tag, i + 1, at));
    await insertNotices(pool, notices, at);
    const opened = new Date(at.getTime() - 3_600_000);
    // Told by notice 1 (its order), and by notices 4 and 5 both (their shared shipment).
    await pool.query(
      `INSERT INTO exceptions (case_id, customer_id, case_type, order_id, shipment_id, opened_at)
       VALUES ($1, $3, 'delay', $4, NULL, $6), ($2, $3, 'delay', NULL, $5, $6)`,
      [`CASE-${tag}-1`, `CASE-${tag}-shared`, `C-${tag}`, `O-${tag}-1`, `S-${tag}-shared`, opened],
    );
    // The customer asked about order 3 before its notice: that one is not proactive.
    await pool.query(
      `INSERT INTO customer_contacts (customer_id, order_id, at) VALUES ($1, $2, $3)`,
      [`C-${tag}`, `O-${tag}-3`, opened],
    );
    return notices.map((n) => n.plan.noticeId);
  }

  /** What the batch left: every notice sent and announced once, proactivity as recorded one by one. */
  async function expectRecorded(tag: string, ids: readonly string[]) {
    const sent = await pool.query<{ notice_id: string; status: string; sent_at: Date }>(
      'SELECT notice_id, status, sent_at FROM notices WHERE customer_id = $1',
      [`C-${tag}`],
    );
    expect(sent.rows.map((r) => r.status)).toEqual(ids.map(() => 'sent'));
    const log = await pool.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM delivery_log WHERE notice_id = ANY($1::uuid[])
       GROUP BY outcome`,
      [ids],
    );
    expect(log.rows).toEqual([{ outcome: 'sent', n: N }]);
    const outbox = await pool.query<{ key: string; value: Buffer }>(
      'SELECT key, value FROM outbox WHERE key = ANY($1::text[]) ORDER BY id',
      [ids],
    );
    const events = outbox.rows.map((r) => decodeEvent(r.value).event);
    expect(new Set(outbox.rows.map((r) => r.key)).size).toBe(N);
    expect(events.every((e) => e.type === 'notification.sent')).toBe(true);
    const reactive = events.filter((e) => !(e.payload as { proactive: boolean }).proactive);
    expect(reactive.map((e) => (e.payload as { orderId: string }).orderId)).toEqual([`O-${tag}-3`]);

    const sentAt = new Map(sent.rows.map((r) => [r.notice_id, r.sent_at.getTime()]));
    const told = await pool.query<{
      case_id: string;
      first_told_at: Date;
      first_notice_id: string;
    }>(
      'SELECT case_id, first_told_at, first_notice_id FROM exceptions WHERE customer_id = $1 ORDER BY case_id',
      [`C-${tag}`],
    );
    const [byOrder, shared] = told.rows;
    expect(byOrder!.first_notice_id).toBe(ids[0]);
    expect(byOrder!.first_told_at.getTime()).toBe(sentAt.get(ids[0]!));
    // Two notices told the shared exception: the first time counts.
    const earliest = Math.min(sentAt.get(ids[3]!)!, sentAt.get(ids[4]!)!);
    expect([ids[3], ids[4]]).toContain(shared!.first_notice_id);
    expect(shared!.first_told_at.getTime()).toBe(earliest);
    expect(sentAt.get(shared!.first_notice_id)).toBe(earliest);
  }

  it('N sends finishing together: one claim statement and two record statements, over pooled SMTP', async () => {
    const ids = await seed('grouped');
    const counted = recordStatements(pool);
    // All N sends in flight at once, each waiting in its record step until all are accepted:
    // the first is recorded alone, the others together while it is.
    let arrived = 0;
    let allAccepted!: () => void;
    const gate = new Promise<void>((r) => (allAccepted = r));
    const connectionsBefore = sink.connections;
    const sent = await worker(counted.pool, N, async () => {
      if (++arrived === N) allAccepted();
      await gate;
    }).runChannel('email');

    expect(sent).toBe(N);
    const breakdown = kinds(counted.statements);
    // Before (one transaction per send): 4 for the claim (BEGIN, claim, attempt log, COMMIT),
    // then per notice a lease renewal and BEGIN, four writes, the proactive check, COMMIT: 164.
    expect(breakdown, JSON.stringify(breakdown)).toEqual({ claim: 1, 'record sent': 2 });
    expect(sink.connections - connectionsBefore).toBeLessThanOrEqual(SMTP_CONNECTIONS);
    await expectRecorded('grouped', ids);
  });

  it('one send at a time: at most one statement per notice, no transaction and no lease renewal per send', async () => {
    const ids = await seed('serial');
    const counted = recordStatements(pool);
    const sent = await worker(counted.pool, 1).runChannel('email');

    expect(sent).toBe(N);
    const { claim, 'record sent': records, ...rest } = kinds(counted.statements);
    // Records that overlap the next sends go together (how many depends on timing).
    expect({ claim, rest }).toEqual({ claim: 1, rest: {} });
    expect(records).toBeGreaterThanOrEqual(1);
    expect(records).toBeLessThanOrEqual(N);
    await expectRecorded('serial', ids);
  });

  it('a send does not wait for the record of the one before it: the chain moves on meanwhile', async () => {
    const ids = await seed('overlap');
    const before = sink.mails.length;
    // The first record is held until every mail has reached the relay, or 5 s: a worker whose
    // next send waited for that record (as every send did) had sent one mail when it let go.
    let mailsWhenReleased: number | undefined;
    const sent = await worker(pool, 1, async () => {
      if (mailsWhenReleased !== undefined) return;
      const until = Date.now() + 5_000;
      while (sink.mails.length - before < N && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      mailsWhenReleased = sink.mails.length - before;
    }).runChannel('email');

    expect(sent).toBe(N);
    expect(mailsWhenReleased).toBe(N);
    await expectRecorded('overlap', ids);
  });

  it('polls that find nothing: one statement per channel, two for recovery (were 3 and 6)', async () => {
    const counted = recordStatements(pool);
    let wall = Date.now();
    const idle = worker(counted.pool, 1, undefined, () => wall);
    await idle.maintain(); // the database answers: lapsed leases are judged a lease from now
    wall += 130_000;
    counted.statements.length = 0;
    await idle.maintain();
    expect(await idle.runChannel('email')).toBe(0);
    expect(await idle.runChannel('webhook')).toBe(0);
    const breakdown = kinds(counted.statements);
    expect(breakdown, JSON.stringify(breakdown)).toEqual({ claim: 2, other: 2 });
    expect(counted.statements.some((q) => q.startsWith('WITH expired'))).toBe(true);
  });

  it('failed sends: one statement each to record, none to renew (was a transaction of six)', async () => {
    const ids = await seed('failing');
    sink.failNext(N, 451);
    const counted = recordStatements(pool);
    expect(await worker(counted.pool, 1).runChannel('email')).toBe(0);

    const breakdown = kinds(counted.statements);
    expect(breakdown, JSON.stringify(breakdown)).toEqual({ claim: 1, 'record failed': N });
    const notices = await pool.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM notices WHERE notice_id = ANY($1::uuid[])',
      [ids],
    );
    expect(notices.rows).toEqual(ids.map(() => ({ status: 'pending', attempts: 1 })));
    const log = await pool.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM delivery_log WHERE notice_id = ANY($1::uuid[])
       GROUP BY outcome`,
      [ids],
    );
    expect(log.rows).toEqual([{ outcome: 'failed', n: N }]);
    const outbox = await pool.query<{ value: Buffer }>(
      'SELECT value FROM outbox WHERE key = ANY($1::text[]) ORDER BY id',
      [ids],
    );
    const events = outbox.rows.map((r) => decodeEvent(r.value).event);
    expect(events.map((e) => e.type)).toEqual(ids.map(() => 'notification.failed'));
    const payloads = events.map((e) => e.payload as { proactive: boolean; orderId: string });
    expect(payloads.filter((p) => !p.proactive).map((p) => p.orderId)).toEqual(['O-failing-3']);
  });
});
