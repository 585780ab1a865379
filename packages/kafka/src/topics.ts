import type { Logger } from '@forewarn/observability';
import { retrying, type BackoffOptions } from '@forewarn/platform';
import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Unset: the broker's default.replication.factor. */
  replicationFactor?: number;
  retentionMs?: number;
  cleanupPolicy?: 'delete' | 'compact';
  /** Any other topic-level config, e.g. { 'min.insync.replicas': '2' }. */
  config?: Record<string, string>;
}

/** Waits between attempts while a broker settles new topics' leaders. */
const SETTLE_BACKOFF: BackoffOptions = { initialMs: 400, maxMs: 5_000, factor: 2 };

export interface TopicPlan {
  create: TopicSpec[];
  /** Topics to grow to `count` partitions (Kafka can add partitions, never remove them). */
  grow: { name: string; from: number; count: number }[];
  /** Already there with at least the partitions asked for: left alone. */
  unchanged: string[];
}

/** Decides what to do given the partition counts of the topics that already exist. */
export function planTopics(
  specs: readonly TopicSpec[],
  existing: ReadonlyMap<string, number>,
): TopicPlan {
  const plan: TopicPlan = { create: [], grow: [], unchanged: [] };
  for (const spec of specs) {
    const current = existing.get(spec.name);
    if (current === undefined) plan.create.push(spec);
    else if (current < spec.partitions)
      plan.grow.push({ name: spec.name, from: current, count: spec.partitions });
    else plan.unchanged.push(spec.name);
  }
  return plan;
}

export function topicConfigEntries(spec: TopicSpec): { name: string; value: string }[] {
  const entries: Record<string, string> = { ...spec.config };
  if (spec.retentionMs !== undefined) entries['retention.ms'] = String(spec.retentionMs);
  if (spec.cleanupPolicy) entries['cleanup.policy'] = spec.cleanupPolicy;
  return Object.entries(entries).map(([name, value]) => ({ name, value }));
}

function toCreateRequest(spec: TopicSpec): ITopicConfig {
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor ?? -1,
    configEntries: topicConfigEntries(spec),
  };
}

async function partitionCounts(admin: Admin, names: string[]): Promise<Map<string, number>> {
  const listed = new Set(await admin.listTopics());
  const present = names.filter((n) => listed.has(n));
  if (present.length === 0) return new Map();
  const { topics } = await admin.fetchTopicMetadata({ topics: present });
  return new Map(topics.map((t) => [t.name, t.partitions.length]));
}

/**
 * Waits until the broker's metadata lists every created topic with its leaders. A loaded broker
 * answers createTopics before its metadata cache has them; a caller that planned again then
 * would create them twice, and a consumer would subscribe to a half-made topic. Waiting here,
 * not in ensureTopics' retry, keeps the plan this call returns the plan it carried out.
 */
async function untilVisible(admin: Admin, names: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const counts = await partitionCounts(admin, names);
      if (names.every((n) => (counts.get(n) ?? 0) > 0)) return;
      if (Date.now() >= deadline) throw new Error(`topics not visible after creation: ${names}`);
    } catch (err) {
      if ((err as { retriable?: boolean }).retriable !== true || Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Creates missing topics and grows partition counts; safe to run at every start-up and from
 * several processes at once. Configs of existing topics are never changed here: that is an
 * operator's decision, not a deploy side effect.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  opts: { logger?: Logger; attempts?: number } = {},
): Promise<TopicPlan> {
  const attempts = opts.attempts ?? 8;
  // What was missing when this call first looked: an attempt that created topics and then
  // failed (a loaded broker times out waiting for leaders) must still report them as created.
  let missing: Set<string> | undefined;
  const once = async () => {
    const plan = await ensureTopicsOnce(admin, specs, opts.logger, (p) => {
      missing ??= new Set(p.create.map((s) => s.name));
    });
    return reportedAgainst(plan, specs, missing ?? new Set());
  };
  return retrying(once, {
    policy: { maxAttempts: attempts, backoff: SETTLE_BACKOFF, jitter: 'none' },
    // Several services starting at once create the same topics; until the broker has elected
    // their leaders, metadata requests fail with retriable errors (UNKNOWN_TOPIC_OR_PARTITION).
    // A concurrent creator makes createTopics fail with an aggregate of TOPIC_ALREADY_EXISTS;
    // the next attempt then finds the topics and plans nothing.
    kindOf: (err) => {
      const e = err as { retriable?: boolean; name?: string };
      return e.retriable === true || e.name === 'KafkaJSAggregateError' ? 'unknown' : 'poison';
    },
    onRetry: (err, attempt) =>
      opts.logger?.warn({ err, attempt }, 'topics not settled yet; retrying'),
  });
}

function reportedAgainst(
  plan: TopicPlan,
  specs: readonly TopicSpec[],
  missing: ReadonlySet<string>,
): TopicPlan {
  return {
    create: specs.filter((s) => missing.has(s.name)),
    grow: plan.grow.filter((g) => !missing.has(g.name)),
    unchanged: plan.unchanged.filter((n) => !missing.has(n)),
  };
}

async function ensureTopicsOnce(
  admin: Admin,
  specs: readonly TopicSpec[],
  logger: Logger | undefined,
  planned: (plan: TopicPlan) => void,
): Promise<TopicPlan> {
  const plan = planTopics(
    specs,
    await partitionCounts(
      admin,
      specs.map((s) => s.name),
    ),
  );
  planned(plan);
  if (plan.create.length > 0) {
    // Resolves false when a concurrent start-up created them first, which is just as good.
    await admin.createTopics({ topics: plan.create.map(toCreateRequest), waitForLeaders: true });
    await untilVisible(
      admin,
      plan.create.map((s) => s.name),
    );
  }
  if (plan.grow.length > 0) {
    await admin.createPartitions({
      topicPartitions: plan.grow.map((g) => ({ topic: g.name, count: g.count })),
    });
  }
  logger?.info(
    { created: plan.create.map((s) => s.name), grown: plan.grow, unchanged: plan.unchanged.length },
    'topics ensured',
  );
  return plan;
}
