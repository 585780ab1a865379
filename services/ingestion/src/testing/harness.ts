import { TOPIC, decodeEvent, deadLetterTopic, type Decoded } from '@forewarn/contracts';
import { NonRetriableError, runConsumer, type ConsumerHandle } from '@forewarn/kafka';
import { createLogger, createMetricsRegistry } from '@forewarn/observability';
import { cliKafka, readTopic } from '@forewarn/cli';
import { startService, type RunningService } from '@forewarn/runtime';
import { createTestEnv, type TestEnv, serviceTestEnv } from '@forewarn/testkit';
import { ingestionService } from '../service.js';

export const KEYS = {
  erp: 'erp-key-0123456789abcdef',
  ups: 'ups-key-0123456789abcdef',
  wms: 'wms-key-0123456789abcdef',
  dhl: 'dhl-key-0123456789abcdef',
  ops: 'ops-key-0123456789abcdef',
  lead: 'lead-key-0123456789abcdef',
  customer: 'acme-portal-key-0123456789',
};
export const ACME_SECRET = 'acme-secret-0123456789abcdef';

export interface Harness {
  env: TestEnv;
  svc: RunningService;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Event ids on a source topic, in topic order (every copy, so duplicates would show). */
  eventIdsOn(topic: string): Promise<string[]>;
  /** The messages on a source topic, decoded (with the version each was written with). */
  eventsOn(topic: string): Promise<Decoded[]>;
  stop(): Promise<void>;
}

export async function startHarness(
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<Harness> {
  const env = await createTestEnv(label);
  const svc = await startService(ingestionService, {
    handleSignals: false,
    env: serviceTestEnv(env, {
      API_KEYS: JSON.stringify([
        { key: KEYS.erp, role: 'source', sourceSystem: 'erp:sap-prod' },
        { key: KEYS.ups, role: 'source', sourceSystem: 'carrier:ups' },
        { key: KEYS.wms, role: 'source', sourceSystem: 'wms:manhattan' },
        { key: KEYS.dhl, role: 'source', sourceSystem: 'carrier:dhl' },
        { key: KEYS.ops, role: 'ops_manager' },
        { key: KEYS.lead, role: 'team_lead' },
        { key: KEYS.customer, role: 'customer', customerId: 'C-ACME' },
      ]),
      SOURCE_HMAC_SECRETS: JSON.stringify({ 'carrier:acmefreight': ACME_SECRET }),
      ...extraEnv,
    }),
  });
  const kafka = cliKafka({ brokers: env.kafkaBrokers, prefix: env.prefix });
  return {
    env,
    svc,
    async post(path, body, headers = {}) {
      const res = await fetch(`${svc.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async eventIdsOn(topic) {
      const messages = await readTopic(kafka, `${env.prefix}${topic}`);
      return messages.map((m) => decodeEvent(m.message.value!).event.eventId);
    },
    async eventsOn(topic) {
      const messages = await readTopic(kafka, `${env.prefix}${topic}`);
      return messages.map((m) => decodeEvent(m.message.value!));
    },
    async stop() {
      await svc.stop();
      await env.cleanup();
    },
  };
}

/**
 * A stand-in for the shipment service's consumer that cannot process one order, however often it
 * is sent: it dead-letters every copy to the shipment group's DLQ.
 */
export function refusingShipmentConsumer(env: TestEnv, orderId: string): Promise<ConsumerHandle> {
  return runConsumer({
    kafka: env.kafka,
    groupId: `${env.prefix}shipment`,
    topics: [`${env.prefix}${TOPIC.wmsFulfilment}`],
    deadLetterTopic: `${env.prefix}${deadLetterTopic('shipment')}`,
    logger: createLogger({ name: 'test', level: 'silent' }),
    metrics: createMetricsRegistry('test'),
    decode: (m) => decodeEvent(m.value!).event,
    handler: async (m) => {
      if ((m.value.payload as { orderId?: string }).orderId === orderId)
        throw new NonRetriableError(`order ${orderId} is unknown`);
    },
  });
}
