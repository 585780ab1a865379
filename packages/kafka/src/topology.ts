import kafkajs, { type Admin } from 'kafkajs';
import { topicConfigEntries, type TopicSpec } from './topics.js';

// kafkajs is CommonJS: its enums are not named ESM exports.
const { ConfigResourceTypes } = kafkajs;

/** What the broker holds for a topic: its partition count and the configs we declare. */
export interface TopicState {
  partitions: number;
  config: Record<string, string>;
}

/** The declared configs a topic must carry: retention, cleanup policy and any extra ones. */
export function declaredConfig(spec: TopicSpec): Record<string, string> {
  return Object.fromEntries(topicConfigEntries(spec).map((e) => [e.name, e.value]));
}

/** How a topic on the broker differs from its declaration; empty when it matches. */
export function topicDrift(spec: TopicSpec, state: TopicState | undefined): string[] {
  if (!state) return [`${spec.name}: missing`];
  const drift: string[] = [];
  if (state.partitions !== spec.partitions) {
    drift.push(`${spec.name}: ${state.partitions} partitions, declared ${spec.partitions}`);
  }
  for (const [name, value] of Object.entries(declaredConfig(spec))) {
    if (state.config[name] !== value) {
      drift.push(`${spec.name}: ${name}=${state.config[name] ?? '(unset)'}, declared ${value}`);
    }
  }
  return drift;
}

/** Reads partition counts and configs of the named topics that exist. */
export async function describeTopics(
  admin: Admin,
  names: readonly string[],
): Promise<Map<string, TopicState>> {
  const listed = new Set(await admin.listTopics());
  const present = names.filter((n) => listed.has(n));
  if (present.length === 0) return new Map();
  const { topics } = await admin.fetchTopicMetadata({ topics: present });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const configs = new Map(
    resources.map((r) => [
      r.resourceName,
      Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
    ]),
  );
  return new Map(
    topics.map((t) => [
      t.name,
      { partitions: t.partitions.length, config: configs.get(t.name) ?? {} },
    ]),
  );
}

export class TopologyMismatch extends Error {
  constructor(readonly drift: readonly string[]) {
    super(
      `the broker's topics do not match the contract (run \`pnpm topics\` first):\n  ${drift.join('\n  ')}`,
    );
    this.name = 'TopologyMismatch';
  }
}

/** Throws TopologyMismatch naming every missing topic and every difference from its spec. */
export async function verifyTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const states = await describeTopics(
    admin,
    specs.map((s) => s.name),
  );
  const drift = specs.flatMap((s) => topicDrift(s, states.get(s.name)));
  if (drift.length > 0) throw new TopologyMismatch(drift);
}

/** Sets the declared configs on existing topics whose configs drifted (the command's job). */
export async function alignTopicConfigs(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<string[]> {
  const states = await describeTopics(
    admin,
    specs.map((s) => s.name),
  );
  const off = specs.filter((s) => {
    const state = states.get(s.name);
    return state && Object.entries(declaredConfig(s)).some(([k, v]) => state.config[k] !== v);
  });
  if (off.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: off.map((s) => ({
        type: ConfigResourceTypes.TOPIC,
        name: s.name,
        configEntries: topicConfigEntries(s),
      })),
    });
  }
  return off.map((s) => s.name);
}
