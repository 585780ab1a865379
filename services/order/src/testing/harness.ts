import { encodeEvent, eventTypeByName, keyFor, type ForewarnEvent } from '@forewarn/contracts';
import { startService, type RunningService } from '@forewarn/runtime';
import { serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import type { Producer } from 'kafkajs';
import { ordersService } from '../service.js';

export const KEYS = {
  acme: 'key-acme-0123456789abcdef',
  globex: 'key-globex-0123456789abcdef',
  csr: 'key-csr-0123456789abcdef0',
  admin: 'key-admin-0123456789abcdef',
  source: 'key-source-0123456789abcdef',
};

export const API_KEYS = JSON.stringify([
  { key: KEYS.acme, role: 'customer', customerId: 'C-ACME' },
  { key: KEYS.globex, role: 'customer', customerId: 'C-GLOBEX' },
  { key: KEYS.csr, role: 'csr' },
  { key: KEYS.admin, role: 'admin' },
  { key: KEYS.source, role: 'source', sourceSystem: 'erp:sap-prod' },
]);

/** The real service, in-process, on the test's database and topic prefix. */
export function startOrderService(
  env: TestEnv,
  extra: Record<string, string> = {},
): Promise<RunningService> {
  return startService(ordersService, {
    handleSignals: false,
    env: serviceTestEnv(env, {
      API_KEYS,
      ...extra,
    }),
  }) as Promise<RunningService>;
}

export function topicOf(event: ForewarnEvent): string {
  const type = eventTypeByName(event.type);
  if (!type) throw new Error(`unknown type ${event.type}`);
  return type.topic;
}

/** Publishes events as a source would: Avro-framed, keyed by the contract's key, in list order. */
export async function produce(
  producer: Producer,
  prefix: string,
  events: readonly ForewarnEvent[],
): Promise<void> {
  for (const event of events) {
    await producer.send({
      topic: `${prefix}${topicOf(event)}`,
      messages: [{ key: keyFor(event), value: encodeEvent(event) }],
    });
  }
}
