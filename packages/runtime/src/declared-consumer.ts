import {
  checkSubscription,
  consumedTopics,
  deadLetterTopic,
  deadLetterTopicsOf,
  declaredTopic,
  type ServiceTopics,
} from '@forewarn/contracts';
import {
  runConsumer,
  type ConsumerHandle,
  type Producer,
  type RunConsumerOptions,
  type TopicSpec,
} from '@forewarn/kafka';
import type { Logger } from '@forewarn/observability';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A consumer as a service starts it: the handler and tuning are the service's; the group, the
 * topics and the dead-letter topic come from its declaration in @forewarn/contracts.
 */
export type DeclaredConsumerOptions<T> = DistributiveOmit<
  RunConsumerOptions<T>,
  'kafka' | 'groupId' | 'topics' | 'deadLetterTopic' | 'logger' | 'metrics' | 'producer'
> & {
  /** The group, unprefixed, when config renames the declared one (a replay under a new group). */
  groupId?: string;
  /** A subset of the declared topics (unprefixed); dead-letter topics if it reads them. */
  topics?: readonly string[];
};

export interface ConsumerDeps {
  declares: ServiceTopics;
  kafka: Kafka;
  logger: Logger;
  metrics: Registry;
  producer: Producer;
  topic: (name: string) => string;
}

/**
 * Starts one of the service's declared consumers. A topic the declaration does not name is
 * refused before anything subscribes, so what the AsyncAPI says a service reads is all it reads.
 */
export function startDeclaredConsumer<T>(
  deps: ConsumerDeps,
  name: string,
  opts: DeclaredConsumerOptions<T>,
): Promise<ConsumerHandle> {
  const { groupId, topics, ...rest } = opts;
  const subscribed = topics ?? checkSubscription(deps.declares, name, []).topics;
  const declared = checkSubscription(deps.declares, name, subscribed);
  return runConsumer<T>({
    ...(rest as RunConsumerOptions<T>),
    kafka: deps.kafka,
    logger: deps.logger,
    metrics: deps.metrics,
    producer: deps.producer,
    groupId: deps.topic(groupId ?? declared.group),
    topics: subscribed.map(deps.topic),
    deadLetterTopic: deps.topic(deadLetterTopic(declared.deadLetterGroup)),
  });
}

/** The topics a service's start-up checks: what it reads, writes and dead-letters to. */
export function declaredTopicSpecs(declares: ServiceTopics): TopicSpec[] {
  return [
    ...new Set<string>([
      ...consumedTopics(declares),
      ...declares.produces,
      ...deadLetterTopicsOf(declares),
    ]),
  ].map(declaredTopic);
}

/** Refuses an outbox row bound for a topic the service does not declare it produces. */
export function checkProduces(declares: ServiceTopics, topic: string): void {
  if (!declares.produces.some((t) => t === topic))
    throw new Error(
      `${declares.name} does not declare that it produces to ${topic} (see @forewarn/contracts SERVICE_TOPICS)`,
    );
}
