import {
  decodeEvent,
  encodeEvent,
  eventTypeByName,
  keyFor,
  type ForewarnEvent,
} from '@forewarn/contracts';
import { startService, type RunningService } from '@forewarn/runtime';
import { eventually, type TestEnv, serviceTestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import type { Case } from '../domain/cases/case.js';
import { SENT_AT_HEADER } from '../config.js';
import { detectorService } from '../service.js';

/** A test clock the service reads through ctx.now(). */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso: string) => {
      current = new Date(iso);
    },
  };
}

export function startDetector(env: TestEnv, now: () => Date, extra: Record<string, string> = {}) {
  return startService(detectorService, {
    handleSignals: false,
    now,
    env: serviceTestEnv(env, {
      TIMER_POLL_INTERVAL_MS: '50',
      OUTBOX_POLL_INTERVAL_MS: '100',
      // The test moves the clock only once the events are consumed: no lag to wait out.
      DETECTOR_TIMER_GRACE_MS: '0',
      DETECTOR_SOURCE_IDLE_MS: '0',
      ...extra,
    }),
  });
}

export async function produce(
  producer: Producer,
  prefix: string,
  events: readonly ForewarnEvent[],
): Promise<void> {
  for (const e of events) {
    const topic = eventTypeByName(e.type)?.topic;
    if (!topic) throw new Error(`no topic for ${e.type}`);
    // Sources say when they sent (on the test's clock: when the event happened), as the
    // simulator does; the Kafka timestamp is wall time, which the injected clock is not.
    await producer.send({
      topic: `${prefix}${topic}`,
      messages: [
        {
          key: keyFor(e),
          value: encodeEvent(e),
          headers: { [SENT_AT_HEADER]: String(Date.parse(e.occurredAt)) },
        },
      ],
    });
  }
}

const count = async (svc: RunningService, sql: string, params: unknown[] = []) =>
  Number((await svc.ctx.pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

/** Waits until the detector has recorded `n` processed messages in its inbox. */
export const processedAtLeast = (svc: RunningService, n: number) =>
  eventually(
    async () => ((await count(svc, 'SELECT count(*) AS n FROM inbox')) >= n ? true : undefined),
    {
      what: `${n} messages processed`,
      timeoutMs: 30_000,
    },
  );

/** Waits until no armed timer is due at the service's clock. */
export const timersSettled = (svc: RunningService) =>
  eventually(
    async () =>
      (await count(
        svc,
        `SELECT count(*) AS n FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL
         AND dead_at IS NULL AND due_at <= $1 AND (retry_at IS NULL OR retry_at <= $1)`,
        [svc.ctx.now()],
      )) === 0
        ? true
        : undefined,
    { what: 'due timers fired', timeoutMs: 30_000 },
  );

export async function allCases(svc: RunningService): Promise<Case[]> {
  const { rows } = await svc.ctx.pool.query<{ data: Case }>(
    'SELECT data FROM cases ORDER BY opened_at, case_id',
  );
  return rows.map((r) => r.data);
}

export const outboxTypes = async (svc: RunningService, caseId: string): Promise<string[]> => {
  const { rows } = await svc.ctx.pool.query<{ value: Buffer }>(
    'SELECT value FROM outbox WHERE key = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => decodeEvent(r.value).event.type);
};
