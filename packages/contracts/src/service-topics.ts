import { TOPIC, deadLetterTopic, type TopicName } from './topic-names.js';

/**
 * One consumer of a service: the group it reads in, the catalog topics it subscribes to and the
 * group whose dead-letter topic (`dlq.<group>`) takes what it cannot process. The runtime
 * subscribes from this and nothing else, so what it says is what runs.
 */
export interface ConsumerDeclaration {
  /** Consumer group, unprefixed; a service may let its config rename it (a new group replays). */
  readonly group: string;
  readonly topics: readonly TopicName[];
  /** The group whose dead-letter topic it writes to (two consumers of one service may share one). */
  readonly deadLetterGroup: string;
  /** It also reads the dead-letter topics of the groups it is configured with (feed health). */
  readonly readsDeadLetters?: boolean;
}

/** What one service reads and writes on Kafka: the one declaration its runtime runs from. */
export interface ServiceTopics {
  readonly name: string;
  readonly consumers: Readonly<Record<string, ConsumerDeclaration>>;
  /** Catalog topics its outbox publishes to (dead-letter topics come with its consumers). */
  readonly produces: readonly TopicName[];
}

const consumer = (
  group: string,
  topics: readonly TopicName[],
  more: Partial<Omit<ConsumerDeclaration, 'group' | 'topics'>> = {},
): ConsumerDeclaration => ({ group, topics, deadLetterGroup: group, ...more });

const SOURCE_TOPICS: readonly TopicName[] = [
  TOPIC.erpOrders,
  TOPIC.erpInvoices,
  TOPIC.erpReturns,
  TOPIC.erpPurchasing,
  TOPIC.wmsFulfilment,
  TOPIC.wmsInventory,
  TOPIC.carrierTracking,
];

/**
 * Every service's topics and consumer groups. The AsyncAPI documents' producers and consumers,
 * the topology's dead-letter topics and each service's subscriptions are all read from here.
 */
export const SERVICE_TOPICS = {
  order: {
    name: 'order',
    consumers: {
      // The order projection: its ERP and WMS topics and the shipments it folds into the order.
      order: consumer('order', [
        TOPIC.erpOrders,
        TOPIC.erpInvoices,
        TOPIC.erpReturns,
        TOPIC.wmsFulfilment,
        TOPIC.shipments,
      ]),
      // The supplier projection: purchase orders, acknowledgements and receipts (scorecards).
      suppliers: consumer('order-suppliers', [TOPIC.erpPurchasing], { deadLetterGroup: 'order' }),
    },
    produces: [TOPIC.orders],
  },
  shipment: {
    name: 'shipment',
    consumers: {
      ingest: consumer('shipment', [TOPIC.wmsFulfilment, TOPIC.carrierTracking]),
      // The order facts (customer tier…) a shipment's events wait for, in a group of their own.
      orderFacts: consumer('shipment-orders', [TOPIC.orders]),
    },
    produces: [TOPIC.shipments],
  },
  'exception-detector': {
    name: 'exception-detector',
    consumers: {
      // Source topics: feed health, scans and inventory (the watermark reads this group).
      feeds: consumer('exception-detector', SOURCE_TOPICS),
      // The rule topics no source consumer reads, apart so they do not wait behind scans.
      domain: consumer(
        'exception-detector-domain',
        [TOPIC.orders, TOPIC.shipments, TOPIC.notifications],
        { deadLetterGroup: 'exception-detector' },
      ),
    },
    produces: [TOPIC.cases],
  },
  notification: {
    name: 'notification',
    consumers: {
      notices: consumer('notification', [TOPIC.orders, TOPIC.shipments, TOPIC.cases]),
    },
    produces: [TOPIC.notifications],
  },
  ingestion: {
    name: 'ingestion',
    consumers: {
      feedHealth: consumer('ingestion-feed-health', SOURCE_TOPICS, { readsDeadLetters: true }),
    },
    // Its doors (batches, webhooks, EDI) publish every source topic.
    produces: SOURCE_TOPICS,
  },
} as const satisfies Record<string, ServiceTopics>;

export type ServiceName = keyof typeof SERVICE_TOPICS;

export const allServiceTopics: readonly ServiceTopics[] = Object.values(SERVICE_TOPICS);

/** The catalog topics a service's consumers read, each once. */
export function consumedTopics(service: ServiceTopics): TopicName[] {
  return [...new Set(Object.values(service.consumers).flatMap((c) => c.topics))];
}

/** The dead-letter topics (unprefixed) a service's consumers write to, each once. */
export function deadLetterTopicsOf(service: ServiceTopics): string[] {
  return [
    ...new Set(Object.values(service.consumers).map((c) => deadLetterTopic(c.deadLetterGroup))),
  ];
}

/** Every consumer group's dead-letter group, each once, in declaration order. */
export function deadLetterGroups(services = allServiceTopics): string[] {
  return [
    ...new Set(services.flatMap((s) => Object.values(s.consumers).map((c) => c.deadLetterGroup))),
  ];
}

/**
 * The topics a consumer may subscribe to (unprefixed): its declared ones and, for a consumer that
 * reads dead letters, any dead-letter topic. Throws naming the first one it may not.
 */
export function checkSubscription(
  service: ServiceTopics,
  consumerName: string,
  topics: readonly string[],
): ConsumerDeclaration {
  const declared = service.consumers[consumerName];
  if (!declared) throw new Error(`${service.name} declares no consumer ${consumerName}`);
  const allowed = new Set<string>(declared.topics);
  const undeclared = topics.filter(
    (t) => !allowed.has(t) && !(declared.readsDeadLetters && t.startsWith(deadLetterTopic(''))),
  );
  if (undeclared.length > 0)
    throw new Error(
      `${service.name}'s consumer ${consumerName} does not declare ${undeclared.join(', ')} (see @forewarn/contracts SERVICE_TOPICS)`,
    );
  return declared;
}
