import {
  easypostSignature,
  loadMappingTables,
  loadWebhookProviders,
  type EasyPostTracker,
  type MappingTables,
} from '@forewarn/edi';
import { ediRequests, eventsRequests, type DoorRequest } from './door-payloads.js';
import {
  WEBHOOK_CREDENTIAL,
  WEBHOOK_PATH,
  WEBHOOK_PROVIDER,
  webhookRequests,
} from './door-webhooks.js';
import type { Door, DoorCredentials, DoorPlan } from './doors.js';
import type { OutgoingSimMessage } from './messages.js';

/** What went through one door: messages, requests (EDI: files) and the edge's answers. */
export interface DoorCount {
  messages: number;
  requests: number;
  /** EDI: X12 transaction sets in the files. */
  transactions: number;
  /** Events the edge took in (a 214 delivery or webhook delivery becomes a scan and a POD). */
  accepted: number;
  duplicates: number;
  /** Requests refused as expected (malformed ones); on Kafka, malformed messages sent. */
  rejected: number;
}

export type DoorStats = Record<Door, DoorCount>;

export const emptyDoorStats = (): DoorStats => ({
  kafka: { messages: 0, requests: 0, transactions: 0, accepted: 0, duplicates: 0, rejected: 0 },
  events: { messages: 0, requests: 0, transactions: 0, accepted: 0, duplicates: 0, rejected: 0 },
  webhook: { messages: 0, requests: 0, transactions: 0, accepted: 0, duplicates: 0, rejected: 0 },
  edi: { messages: 0, requests: 0, transactions: 0, accepted: 0, duplicates: 0, rejected: 0 },
});

export interface IngestionDoorsOptions {
  baseUrl: string;
  plan: DoorPlan;
  credentials: DoorCredentials;
  /** The services' clock (epoch ms): signatures are stamped with it, as ingestion checks them by it. */
  now: () => number;
  /** Sim epoch ms before which nothing is stated as sent (history goes at the window start). */
  notBefore?: number;
  tables?: MappingTables;
  fetchImpl?: typeof fetch;
}

export interface IngestionDoors {
  stats: DoorStats;
  /**
   * Sends messages through an ingestion door at sim time `at` (the EDI file's time); each request
   * states when its last message was due. Throws when the edge refuses valid data.
   */
  send(
    door: Exclude<Door, 'kafka'>,
    messages: readonly OutgoingSimMessage[],
    at: number,
  ): Promise<void>;
}

function bySource(messages: readonly OutgoingSimMessage[]): Map<string, OutgoingSimMessage[]> {
  const out = new Map<string, OutgoingSimMessage[]>();
  for (const m of messages) {
    const list = out.get(m.sourceSystem);
    if (list) list.push(m);
    else out.set(m.sourceSystem, [m]);
  }
  return out;
}

/**
 * The ingestion service's doors as the sources use them: JSON batches and EDI files with the
 * source's API key, the webhook carrier's tracking as EasyPost's signed tracker events. A malformed request
 * must be answered 400 (counted as rejected); anything else not accepted is an error, since the
 * simulated sources only send what the edge documents it takes.
 */
export function ingestionDoors(opts: IngestionDoorsOptions): IngestionDoors {
  const doFetch = opts.fetchImpl ?? fetch;
  const tables = opts.tables ?? loadMappingTables();
  const easypost = loadWebhookProviders()[WEBHOOK_PROVIDER];
  if (!easypost) throw new Error(`carrier-webhooks.json has no ${WEBHOOK_PROVIDER} provider`);
  // EasyPost posts a tracker's whole history each time: the trackers as EasyPost holds them.
  const trackers = new Map<string, EasyPostTracker>();
  const stats = emptyDoorStats();
  let controlNumber = 0;

  const post = async (
    door: Exclude<Door, 'kafka'>,
    path: string,
    source: string,
    req: DoorRequest,
    contentType: string,
  ) => {
    const sentAt = Math.max(req.sentAt, opts.notBefore ?? -Infinity);
    // The source states when it sent the request, as it does in the header of a Kafka message.
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-forewarn-sent-at': String(Math.round(sentAt)),
    };
    if (door === 'webhook') {
      const secret = opts.credentials.hmacSecrets[WEBHOOK_CREDENTIAL];
      if (!secret) throw new Error(`no ${WEBHOOK_PROVIDER} webhook secret`);
      headers['x-hmac-signature'] = easypostSignature(secret, req.body);
    } else {
      const key = opts.credentials.apiKeys[source];
      if (!key) throw new Error(`no API key for source ${source}`);
      headers['x-api-key'] = key;
    }
    const res = await doFetch(new URL(path, opts.baseUrl), {
      method: 'POST',
      headers,
      body: req.body,
    });
    const text = await res.text();
    const count = stats[door];
    count.messages += req.messages;
    count.requests += 1;
    count.transactions += req.transactions ?? 0;
    if (req.malformed) {
      if (res.status !== 400)
        throw new Error(
          `${path} answered ${res.status} to a malformed request: ${text.slice(0, 300)}`,
        );
      count.rejected += 1;
      return;
    }
    if (res.status !== 202)
      throw new Error(`${path} refused valid data (${res.status}): ${text.slice(0, 500)}`);
    const answer = JSON.parse(text) as { accepted: unknown[]; duplicates: unknown[] };
    count.accepted += answer.accepted.length;
    count.duplicates += answer.duplicates.length;
  };

  return {
    stats,
    async send(door, messages, at) {
      for (const [source, list] of bySource(messages)) {
        if (door === 'events') {
          for (const req of eventsRequests(list))
            await post(door, '/v1/events', source, req, 'application/json');
          continue;
        }
        const carrier = source.slice('carrier:'.length);
        if (door === 'edi') {
          const files = ediRequests(list, tables, {
            carrier,
            at,
            nextControlNumber: () => (controlNumber = (controlNumber % 999_999_999) + 1),
          });
          for (const req of files) await post(door, '/v1/edi', source, req, 'application/edi-x12');
          continue;
        }
        for (const req of webhookRequests(list, easypost, trackers, carrier))
          await post(door, WEBHOOK_PATH, source, req, 'application/json');
      }
    },
  };
}
