import { parseArgs } from 'node:util';
import { EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { cliKafka, kafkaTarget } from '../kafka.js';
import { dlqTopicOf, readDlq, type DlqEntry } from '../dlq.js';

export const dlqListUsage =
  'forewarn dlq list <group> [--limit N] [--json] [--brokers ...] [--prefix p]';

function human(e: DlqEntry): string[] {
  const where = `${e.source.topic ?? '?'}[${e.source.partition ?? '?'}]@${e.source.offset ?? '?'}`;
  const redriven = e.redriven?.discarded
    ? `discarded ${e.redriven.at}${e.redriven.by ? ` by ${e.redriven.by}` : ''}`
    : e.redriven
      ? `re-driven ${e.redriven.at}${e.redriven.fixed ? ' (fixed)' : ''}`
      : 'not re-driven';
  return [
    `${e.id}  ${e.reason ?? 'unknown reason'}  from ${where}  failed ${e.failedAt ?? '?'}  ${redriven}`,
    `    error:   ${e.error ?? '-'}`,
    `    payload (${e.payload.format}): ${JSON.stringify(e.payload.value)}`,
  ];
}

export async function dlqListCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      json: { type: 'boolean' },
      brokers: { type: 'string' },
      prefix: { type: 'string' },
    },
  });
  const [group] = positionals;
  if (!group || positionals.length > 1) throw usageError(`usage: ${dlqListUsage}`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!Number.isInteger(limit) && limit !== Infinity)
    throw usageError('--limit must be an integer');
  const target = kafkaTarget(values, io);
  const entries = await readDlq(cliKafka(target), target.prefix, group);
  for (const e of entries.slice(0, limit)) {
    if (values.json) {
      const { raw: _raw, ...rest } = e;
      io.out(JSON.stringify(rest));
    } else human(e).forEach((l) => io.out(l));
  }
  io.err(
    `${entries.length} entries in ${dlqTopicOf(target.prefix, group)}, ${entries.filter((e) => !e.redriven).length} not re-driven`,
  );
  return EXIT.ok;
}
