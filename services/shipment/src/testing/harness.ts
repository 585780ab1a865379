import { encodeEvent, keyFor, TOPIC, type SourceEvent } from '@forewarn/contracts';
import { SENT_AT_HEADER, startService, type RunningService } from '@forewarn/runtime';
import { serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import type { ShipmentEnv } from '../config.js';
import { shipmentsService } from '../service.js';

export type Shipments = RunningService<ShipmentEnv>;

/** API keys of the HTTP tests: two customers' portals and a CSR console. */
export const KEYS = {
  acme: 'acme-portal-key-0000000001',
  other: 'other-portal-key-000000002',
  csr: 'csr-console-key-00000000003',
};

/** The `API_KEYS` setting that gives each of `KEYS` its role (and customer). */
export const API_KEYS = JSON.stringify([
  { key: KEYS.acme, role: 'customer', customerId: 'C-ACME' },
  { key: KEYS.other, role: 'customer', customerId: 'C-OTHER' },
  { key: KEYS.csr, role: 'csr' },
]);

/** Starts the real service in-process against the test's broker slice and a database. */
export function startShipments(
  env: TestEnv,
  opts: { databaseUrl?: string; now?: () => Date; extraEnv?: Record<string, string> } = {},
): Promise<Shipments> {
  return startService(shipmentsService, {
    handleSignals: false,
    ...(opts.now ? { now: opts.now } : {}),
    env: serviceTestEnv(
      { ...env, databaseUrl: opts.databaseUrl ?? env.databaseUrl },
      // Most tests send no order facts: their events wait a millisecond, not five minutes. Their
      // sources fall quiet after each step: the no-scan timers stop waiting for them in 0.5 s.
      {
        TIMER_POLL_INTERVAL_MS: '200',
        ORDER_FACTS_HOLD_MS: '1',
        SOURCE_IDLE_MS: '500',
        ...opts.extraEnv,
      },
    ),
  }) as Promise<Shipments>;
}

/**
 * Publishes source events as the integrations do: contract encoding, keyed by the contract, each
 * stating its send time (its occurredAt, on the test's clock) as the simulator does.
 */
export async function publish(
  producer: Producer,
  prefix: string,
  events: readonly SourceEvent[],
): Promise<void> {
  for (const e of events) {
    const topic = e.type.startsWith('wms.') ? TOPIC.wmsFulfilment : TOPIC.carrierTracking;
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

/** A second empty database next to the test's own (dropped with the server's cleanup of its prefix). */
export async function createEmptyDatabase(
  databaseUrl: string,
  suffix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
