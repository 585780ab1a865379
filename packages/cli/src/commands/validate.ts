import { parseArgs } from 'node:util';
import { EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { readEvents, reportBad } from '../read-events.js';

export const validateUsage =
  'forewarn validate <file> [--topic <topic> | --type <event type>] [--source <kind:instance>]';

export async function validateCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { topic: { type: 'string' }, type: { type: 'string' }, source: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw usageError(`usage: ${validateUsage}`);
  if (values.topic && values.type) throw usageError('give --topic or --type, not both');
  const result = await readEvents(file, io, {
    ...(values.topic ? { topic: values.topic } : {}),
    ...(values.type ? { type: values.type } : {}),
    ...(values.source ? { sourceSystem: values.source } : {}),
  });
  reportBad(io, file, result);
  return result.bad.length > 0 ? EXIT.invalid : EXIT.ok;
}
