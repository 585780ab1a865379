import { parseArgs } from 'node:util';
import { topology } from '@forewarn/contracts';
import {
  alignTopicConfigs,
  ensureTopics,
  TopologyMismatch,
  verifyTopics,
  type TopicSpec,
} from '@forewarn/kafka';
import { CliError, EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { cliKafka, kafkaTarget } from '../kafka.js';

export const topicsUsage = 'forewarn topics [--check] [--brokers ...] [--prefix p]';

/** The contract's topology under a deployment's (or a test's) prefix. */
export function declaredTopics(prefix: string): TopicSpec[] {
  return topology.map((t) => ({
    name: `${prefix}${t.name}`,
    partitions: t.partitions,
    retentionMs: t.retentionMs,
    cleanupPolicy: t.cleanupPolicy,
  }));
}

/**
 * The broker applies new topics and configs to its metadata asynchronously, and on a busy machine
 * that takes seconds: retry a check until the deadline (ms; 0 checks once).
 */
async function settled(check: () => Promise<void>, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (!(err instanceof TopologyMismatch) || Date.now() >= until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * The one command that makes the broker hold the topics the contract declares: creates the
 * missing ones, grows partition counts, sets retention and cleanup policy, then checks the
 * result. `--check` only checks. Services never create topics; they refuse to start on drift.
 */
export async function topicsCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      check: { type: 'boolean' },
      brokers: { type: 'string' },
      prefix: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw usageError(`usage: ${topicsUsage}`);
  const target = kafkaTarget(values, io);
  const specs = declaredTopics(target.prefix);
  const admin = cliKafka(target).admin();
  await admin.connect();
  try {
    if (!values.check) {
      const plan = await ensureTopics(admin, specs);
      const aligned = await alignTopicConfigs(admin, specs);
      io.err(
        `topics: ${plan.create.length} created, ${plan.grow.length} grown, ${aligned.length} reconfigured, ${plan.unchanged.length - aligned.length} already right`,
      );
    }
    await settled(() => verifyTopics(admin, specs), values.check ? 0 : 60_000);
    io.err(`topics: all ${specs.length} match the contract`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof TopologyMismatch) throw new CliError(EXIT.invalid, err.message);
    throw err;
  } finally {
    await admin.disconnect();
  }
}
