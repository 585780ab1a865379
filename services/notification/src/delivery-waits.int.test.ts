import { sampleEvent } from '@forewarn/contracts/fixtures';
import type { RunningService } from '@forewarn/runtime';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryFixture, type DeliveryFixture } from './test-support/delivery-fixture.js';
import { api, startNotification } from './test-support/harness.js';
import { startTcpCut, type TcpCut } from './test-support/tcp-cut.js';

const CUSTOMERS = 20;
const STAGES = ['consumed', 'claim wait', 'send', 'record', 'publish', 'total'] as const;
type Stage = (typeof STAGES)[number];

/** Optional: every database answer held this long (a busy database's latency). */
const DB_DELAY_MS = Number(process.env.FOREWARN_MEASURE_DB_DELAY_MS ?? 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: readonly number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

/**
 * What each notice waits on between its event and its `notification.sent` (issue 17), on the
 * real service with its default delivery settings (rate limits lifted, as in the bench): events
 * to the broker paced or in a burst, every notice's stages read from its row and its outbox
 * event. A measurement, opt-in (`FOREWARN_MEASURE_WAITS=1`); the figures go to stdout, and it
 * checks only that each notice went out and was published once.
 *
 * consumed: event produced → notice stored (the consumer's transaction); claim wait: stored →
 * claimed by a delivery worker; send: claimed → the provider accepted (waiting in the batch's
 * chains included); record: accepted → the outbox row written; publish: → the relay published.
 */
describe.skipIf(process.env.FOREWARN_MEASURE_WAITS !== '1')(
  'delivery: where a notice waits (measurement; real broker, PostgreSQL, SMTP)',
  () => {
    let fx: DeliveryFixture;
    let svc: RunningService;
    let hop: TcpCut | undefined;

    beforeAll(async () => {
      fx = await startDeliveryFixture('notification-waits');
      const db = new URL(fx.env.databaseUrl);
      if (DB_DELAY_MS > 0)
        hop = await startTcpCut(
          { host: db.hostname, port: Number(db.port || 5432) },
          { delayMs: DB_DELAY_MS },
        );
      svc = await startNotification(
        fx.env,
        { smtpPort: fx.sink.port, twilioUrl: fx.twilio.url },
        {
          env: {
            DELIVERY_POLL_MS: '500',
            RATE_EMAIL_PER_SECOND: '10000',
            RATE_WEBHOOK_PER_SECOND: '10000',
            LOG_LEVEL: 'warn',
            ...(hop ? { DATABASE_URL: hop.through(fx.env.databaseUrl) } : {}),
          },
        },
      );
      for (let i = 0; i < CUSTOMERS; i++)
        await api(svc)('PUT', `/v1/contacts/waits-${i}`, {
          customerId: `C-W${i}`,
          email: `buyer${i}@waits.example`,
        });
    });

    afterAll(async () => {
      await svc?.stop();
      await hop?.close();
      await fx?.close();
    });

    /** Publishes n events (gapMs apart, or all at once) and reports each notice's stages. */
    async function measure(tag: string, n: number, gapMs: number) {
      const produced = new Map<string, number>();
      const loopUse = performance.eventLoopUtilization();
      const sending: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const refs = { customerId: `C-W${i % CUSTOMERS}`, shipmentId: `S-${tag}-${i}` };
        const event = sampleEvent('shipment.delivered', { refs, payload: refs });
        produced.set(event.eventId, Date.now());
        sending.push(fx.publish(event));
        if (gapMs > 0) await sleep(gapMs);
      }
      await Promise.all(sending);
      const events = [...produced.keys()];
      const read = () =>
        fx.db.query<{
          event: string;
          stored: Date;
          claimed: Date;
          sent: Date;
          recorded: Date;
          published: Date | null;
        }>(
          `SELECT n.trigger_event_id AS event, n.created_at AS stored, n.sending_since AS claimed,
             n.sent_at AS sent, o.created_at AS recorded, o.published_at AS published
           FROM notifications.notices n JOIN notifications.outbox o ON o.key = n.notice_id::text
           WHERE n.trigger_event_id = ANY($1)`,
          [events],
        );
      const rows = await eventually(
        async () => {
          const { rows } = await read();
          return rows.length === n && rows.every((r) => r.published) ? rows : undefined;
        },
        { what: `${n} notices published`, timeoutMs: 120_000 },
      );
      expect(new Set(rows.map((r) => r.event)).size).toBe(n);
      const by: Record<Stage, number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as never;
      for (const r of rows) {
        const t = [produced.get(r.event)!, r.stored, r.claimed, r.sent, r.recorded, r.published!];
        const ms = t.map((x) => (typeof x === 'number' ? x : x.getTime()));
        STAGES.slice(0, 5).forEach((s, i) => by[s].push(ms[i + 1]! - ms[i]!));
        by.total.push(ms[5]! - ms[0]!);
      }
      // The service, the SMTP sink and the producer share this process: busy near 100 % means
      // the run was bound by this process's CPU, well under it that it waited.
      const busy = Math.round(performance.eventLoopUtilization(loopUse).utilization * 100);
      const last = Math.max(...rows.map((r) => r.published!.getTime()));
      const lines = STAGES.map((s) => {
        const xs = by[s];
        const mean = Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
        return `| ${s} | ${quantile(xs, 0.5)} | ${quantile(xs, 0.9)} | ${quantile(xs, 1)} | ${mean} |`;
      });
      console.log(
        [
          `${tag}: ${n} notices${DB_DELAY_MS ? ` (database answers held ${DB_DELAY_MS} ms)` : ''}, ${gapMs ? `one every ${gapMs} ms` : 'all at once'}, last published ${last - Math.min(...produced.values())} ms after the first event, event loop ${busy} % busy`,
          '| stage (ms) | p50 | p90 | max | mean |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...lines,
        ].join('\n'),
      );
    }

    it('paced: one event every 100 ms', async () => {
      await measure('warm-up', 5, 50);
      await measure('paced', 40, 100);
    });

    it('burst: 400 events at once', async () => {
      await measure('burst', 400, 0);
    });
  },
);
