import { eventTypes } from './registry.js';
import { deadLetterGroups } from './service-topics.js';
import { TOPIC, deadLetterTopic, type TopicKey, type TopicName } from './topic-names.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Source and domain topics keep 35 days: replaying them must reproduce the 30-day repeat-incident
 * and chronic-breach rules, plus slack for a late replay.
 */
const REPLAY_RETENTION_MS = 35 * DAY_MS;
const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;
const DEFAULT_PARTITIONS = 6;

/** The message key is a payload field, so one order's (or shipment's…) events stay in one partition, in order. */
export interface KeyRule {
  readonly payloadField: string;
  readonly description: string;
}

export interface TopicSpec {
  readonly key: TopicKey | 'deadLetter';
  readonly name: string;
  readonly kind: 'source' | 'domain' | 'dead-letter';
  readonly description: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly messageKey: KeyRule;
  /**
   * The outside systems that publish a source topic (empty for ours). Which of our services
   * produce and consume a topic is declared once, in SERVICE_TOPICS.
   */
  readonly outsidePublishers: readonly string[];
  /** Event types (all versions) carried, derived from the event catalog. */
  readonly eventTypes: readonly string[];
}

const byOrder: KeyRule = {
  payloadField: 'orderId',
  description: "orderId: one order's events stay in order",
};

type TopicDraft = Omit<
  TopicSpec,
  'key' | 'name' | 'eventTypes' | 'partitions' | 'retentionMs' | 'cleanupPolicy'
>;

const drafts: Record<TopicKey, TopicDraft> = {
  erpOrders: {
    kind: 'source',
    description:
      'ERP order lifecycle: created, changed, cancelled, allocation/backorder, credit hold',
    messageKey: byOrder,
    outsidePublishers: ['ERP integration'],
  },
  erpInvoices: {
    kind: 'source',
    description: 'ERP invoices (lines and totals)',
    messageKey: byOrder,
    outsidePublishers: ['ERP integration'],
  },
  erpReturns: {
    kind: 'source',
    description: 'ERP returns: authorised, received, credited',
    messageKey: byOrder,
    outsidePublishers: ['ERP integration'],
  },
  erpPurchasing: {
    kind: 'source',
    description:
      'ERP purchasing: purchase orders to suppliers, their acknowledgements and goods receipts',
    messageKey: {
      payloadField: 'poNumber',
      description: "poNumber: one purchase order's events stay in order",
    },
    outsidePublishers: ['ERP integration'],
  },
  wmsFulfilment: {
    kind: 'source',
    description:
      'WMS per-order fulfilment: wave released, picked (with short picks), packed, ship-confirmed',
    messageKey: byOrder,
    outsidePublishers: ['WMS integration'],
  },
  wmsInventory: {
    kind: 'source',
    description: 'WMS inventory adjustments and cycle-count mismatches',
    messageKey: { payloadField: 'sku', description: "sku: one SKU's adjustments stay in order" },
    outsidePublishers: ['WMS integration'],
  },
  carrierTracking: {
    kind: 'source',
    description: 'Carrier scans (normalised taxonomy), ETA updates, proofs of delivery',
    messageKey: {
      payloadField: 'trackingNumber',
      description: "trackingNumber: one parcel's scans stay in order",
    },
    outsidePublishers: ['carrier integration'],
  },
  orders: {
    kind: 'domain',
    description: 'Order state changes derived from ERP and WMS events',
    messageKey: byOrder,
    outsidePublishers: [],
  },
  shipments: {
    kind: 'domain',
    description: 'Shipment state changes derived from ship-confirms and carrier events',
    messageKey: {
      payloadField: 'shipmentId',
      description: "shipmentId: one shipment's events stay in order",
    },
    outsidePublishers: [],
  },
  cases: {
    kind: 'domain',
    description: 'Exception case lifecycle and SLA clocks',
    messageKey: { payloadField: 'caseId', description: "caseId: one case's events stay in order" },
    outsidePublishers: [],
  },
  notifications: {
    kind: 'domain',
    description: 'Outcome of every customer notice',
    messageKey: {
      payloadField: 'notificationId',
      description: "notificationId: a notice's failures and final outcome stay in order",
    },
    outsidePublishers: [],
  },
};

function carried(name: string): string[] {
  return [...new Set(eventTypes.filter((e) => e.topic === name).map((e) => e.type))];
}

/** The topic catalog, keyed like `TOPIC`. */
export const topics = Object.fromEntries(
  (Object.keys(drafts) as TopicKey[]).map((key) => {
    const name = TOPIC[key];
    const spec: TopicSpec = {
      key,
      name,
      partitions: DEFAULT_PARTITIONS,
      retentionMs: REPLAY_RETENTION_MS,
      cleanupPolicy: 'delete',
      ...drafts[key],
      eventTypes: carried(name),
    };
    return [key, spec];
  }),
) as Record<TopicKey, TopicSpec>;

export const allTopics: readonly TopicSpec[] = Object.values(topics);

export function topicByName(name: string): TopicSpec | undefined {
  return allTopics.find((t) => t.name === name);
}

/** The dead-letter topic of a consumer group; its messages keep their original key and headers. */
export function deadLetterTopicSpec(groupId: string): TopicSpec {
  return {
    key: 'deadLetter',
    name: deadLetterTopic(groupId),
    kind: 'dead-letter',
    description: `Messages consumer group ${groupId} could not process, kept to be fixed and re-driven`,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: DEAD_LETTER_RETENTION_MS,
    cleanupPolicy: 'delete',
    messageKey: { payloadField: '(original)', description: 'The key of the original message' },
    outsidePublishers: [],
    eventTypes: [],
  };
}

/** What an admin client needs to create a topic (kafkajs `createTopics` shape), under a prefix. */
export function topicConfig(spec: TopicSpec, prefix = '') {
  return {
    topic: `${prefix}${spec.name}`,
    numPartitions: spec.partitions,
    configEntries: [
      { name: 'cleanup.policy', value: spec.cleanupPolicy },
      { name: 'retention.ms', value: String(spec.retentionMs) },
    ],
  };
}

export type { TopicName };

/**
 * The consumer groups that park what they cannot process in a dead-letter topic of their own
 * (`dlq.<group>`), read from the services' declarations, so the topology command creates those
 * topics too, before any consumer subscribes to or produces into them.
 */
export const DEAD_LETTER_GROUPS: readonly string[] = deadLetterGroups();

/**
 * Every topic the platform runs on, with its partitions, retention and cleanup policy: what
 * `pnpm topics` makes the broker hold and what each service checks at start-up.
 */
export const topology: readonly TopicSpec[] = [
  ...allTopics,
  ...DEAD_LETTER_GROUPS.map(deadLetterTopicSpec),
];

/** The declared spec of a topic (unprefixed name), a dead-letter topic included. */
export function declaredTopic(name: string): TopicSpec {
  const spec = topology.find((t) => t.name === name);
  if (!spec) throw new Error(`topic ${name} is not declared in @forewarn/contracts topology`);
  return spec;
}
