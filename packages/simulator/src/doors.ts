import { createHash } from 'node:crypto';
import { WEBHOOK_CREDENTIAL } from './door-webhooks.js';
import type { Emission } from './emissions.js';
import { fraction } from './fraction.js';
import type { OutgoingSimMessage } from './messages.js';
import { createRng } from './prng.js';

/**
 * How a message reaches Forewarn: straight to its Kafka source topic, or through one of the
 * ingestion service's doors: a canonical JSON batch (`POST /v1/events`), a tracking aggregator's
 * webhook (EasyPost, `POST /v1/webhooks/easypost`), or an X12 214 file (`POST /v1/edi`).
 */
export type Door = 'kafka' | 'events' | 'webhook' | 'edi';
export const DOORS: readonly Door[] = ['kafka', 'events', 'webhook', 'edi'];

export interface DoorPlan {
  /** Carrier (sim code) whose tracking comes as 214 files from its VAN. */
  edi?: string;
  /** Carrier whose tracking an aggregator (EasyPost) relays as signed webhook calls. */
  webhook?: string;
  /** Share of the ERP and WMS orders whose events come as JSON batches to /v1/events. */
  eventsShare: number;
}

/** Carriers that can send 214s (a SCAC in @forewarn/edi's carriers.json). */
export const EDI_CARRIERS = ['fedex', 'dhl', 'purolator', 'ups'] as const;
/** Carriers the simulated EasyPost account tracks (EasyPost carries all four; two keep the draw as it was). */
export const WEBHOOK_CARRIERS = ['ups', 'purolator'] as const;

/**
 * Which carrier uses which door and how much of the ERP/WMS traffic comes as JSON, drawn from the
 * seed (its own stream, so the day itself does not change): the same seed routes the same way.
 */
export function planDoors(seed: number): DoorPlan {
  const rng = createRng(seed).fork('doors');
  const edi = rng.pick(EDI_CARRIERS);
  const webhook = rng.pick(WEBHOOK_CARRIERS.filter((c) => c !== edi));
  const eventsShare = Math.round(rng.between(0.2, 0.4) * 100) / 100;
  return { edi, webhook, eventsShare };
}

const POD = 'carrier.proof-of-delivery.recorded';

/**
 * The door of one message. A carrier's whole tracking takes its door, except its proofs of
 * delivery: signer and per-line counts fit neither a 214 nor the webhook shape, so they come as
 * canonical JSON from the carrier's POD API. ERP and WMS messages go by order (else by key), so
 * one order's events never race each other through two doors.
 */
export function doorOf(m: OutgoingSimMessage, plan: DoorPlan): Door {
  const carrier = m.sourceSystem.startsWith('carrier:') ? m.sourceSystem.slice(8) : undefined;
  if (carrier !== undefined && (carrier === plan.edi || carrier === plan.webhook)) {
    if (m.eventType === POD) return 'events';
    return carrier === plan.edi ? 'edi' : 'webhook';
  }
  if (/^(erp|wms):/.test(m.sourceSystem) && plan.eventsShare > 0) {
    return fraction(m.routeKey) < plan.eventsShare ? 'events' : 'kafka';
  }
  return 'kafka';
}

export interface DoorCredentials {
  /** sourceSystem → API key (role source) for /v1/events and /v1/edi. */
  apiKeys: Record<string, string>;
  /** Credential → secret: `webhook:easypost`, the secret EasyPost signs the webhook carrier's calls with. */
  hmacSecrets: Record<string, string>;
}

const derived = (seed: number, what: string, source: string) =>
  `sim-${createHash('sha256').update(`${seed}/${what}/${source}`).digest('hex').slice(0, 32)}`;

/**
 * One API key per source system and the aggregator's webhook secret, derived from the
 * seed: the stack configures ingestion with exactly these, and the publisher presents them.
 */
export function doorCredentials(
  sources: readonly string[],
  plan: DoorPlan,
  seed: number,
): DoorCredentials {
  const apiKeys = Object.fromEntries(sources.map((s) => [s, derived(seed, 'key', s)]));
  const signer = plan.webhook ? WEBHOOK_CREDENTIAL : undefined;
  return {
    apiKeys,
    hmacSecrets: signer ? { [signer]: derived(seed, 'hmac', signer) } : {},
  };
}

/** The source systems of a day's messages, sorted. */
export function sourcesOf(emissions: readonly Emission[]): string[] {
  const all = emissions.map((e) => (e.kind === 'event' ? e.event.sourceSystem : e.sourceSystem));
  return [...new Set(all)].sort();
}

/** The ingestion service's API_KEYS entries for these credentials (role source). */
export function sourceKeyEntries(c: DoorCredentials) {
  return Object.entries(c.apiKeys).map(([sourceSystem, key]) => ({
    key,
    role: 'source' as const,
    sourceSystem,
    name: `simulated ${sourceSystem}`,
  }));
}
