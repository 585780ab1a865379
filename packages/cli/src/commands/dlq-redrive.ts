import { parseArgs } from 'node:util';
import type { SourceEvent } from '@forewarn/contracts';
import type { Message } from 'kafkajs';
import { EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { cliKafka, kafkaTarget } from '../kafka.js';
import { dlqTopicOf, readDlq, redriveMessage, settleDlqEntries, type DlqEntry } from '../dlq.js';
import { readEvents, reportBad } from '../read-events.js';

export const dlqRedriveUsage =
  'forewarn dlq redrive <group> (--offset [partition:]N | --all) [--file fixed.jsonl] [--brokers ...] [--prefix p]';

function pick(entries: DlqEntry[], offset: string | undefined, all: boolean): DlqEntry[] {
  if (all) return entries;
  const spec = offset ?? '';
  const matches = entries.filter((e) => (spec.includes(':') ? e.id === spec : e.offset === spec));
  if (matches.length === 0) throw usageError(`no DLQ entry ${spec}`);
  if (matches.length > 1)
    throw usageError(
      `offset ${spec} exists in several partitions; give partition:offset (${matches.map((m) => m.id).join(', ')})`,
    );
  return matches;
}

/**
 * Copies entries back to their source topic — the original bytes, or the fixed event of the same
 * eventId from --file — then records each as re-driven, so running the command again skips it.
 */
export async function dlqRedriveCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      offset: { type: 'string' },
      all: { type: 'boolean' },
      file: { type: 'string' },
      brokers: { type: 'string' },
      prefix: { type: 'string' },
    },
  });
  const [group] = positionals;
  if (!group || positionals.length > 1 || (values.offset === undefined) === !values.all)
    throw usageError(`usage: ${dlqRedriveUsage}`);
  let fixes: SourceEvent[] | undefined;
  if (values.file) {
    const read = await readEvents(values.file, io);
    if (read.bad.length > 0) {
      reportBad(io, values.file, read);
      return EXIT.invalid;
    }
    fixes = read.good.map((g) => g.event);
  }
  const target = kafkaTarget(values, io);
  const kafka = cliKafka(target);
  const selected = pick(
    await readDlq(kafka, target.prefix, group),
    values.offset,
    values.all ?? false,
  );
  const plan: { entry: DlqEntry; topic: string; message: Message; fixed: boolean }[] = [];
  for (const entry of selected) {
    if (entry.redriven) {
      io.err(
        `${entry.id}: already ${entry.redriven.discarded ? 'discarded' : 're-driven'} at ${entry.redriven.at}; skipped`,
      );
      continue;
    }
    const topic = entry.source.topic;
    if (!topic) {
      io.err(`${entry.id}: no dlq.source.topic header; skipped`);
      continue;
    }
    const fix =
      fixes?.find((f) => f.eventId === entry.eventId) ??
      (fixes?.length === 1 && selected.length === 1 ? fixes[0] : undefined);
    if (fixes && !fix) {
      io.err(
        `${entry.id}: no fixed event with eventId ${entry.eventId ?? '(unknown)'} in ${values.file}; skipped`,
      );
      continue;
    }
    const message = redriveMessage(entry, dlqTopicOf(target.prefix, group), fix);
    plan.push({ entry, topic, message, fixed: fix !== undefined });
  }
  if (plan.length === 0) {
    io.err('nothing to re-drive');
    return EXIT.ok;
  }
  await settleDlqEntries(
    kafka,
    target.prefix,
    group,
    plan.map((p) => ({
      entry: p.entry,
      redrive: { topic: p.topic, message: p.message, fixed: p.fixed },
    })),
  );
  for (const p of plan) io.out(`${p.entry.id} → ${p.topic}${p.fixed ? ' (fixed)' : ''}`);
  io.err(`re-drove ${plan.length} of ${selected.length} selected entries`);
  return EXIT.ok;
}
