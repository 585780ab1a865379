import { dlqListCommand, dlqListUsage } from './commands/dlq-list.js';
import { dlqRedriveCommand, dlqRedriveUsage } from './commands/dlq-redrive.js';
import { ediCommand, ediUsage } from './commands/edi.js';
import { publishCommand, publishUsage } from './commands/publish.js';
import { topicsCommand, topicsUsage } from './commands/topics.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import { CliError, EXIT, isConnectivityError, type ExitCode } from './exit.js';
import type { Io } from './io.js';

export const USAGE = [
  'usage:',
  `  ${validateUsage}`,
  `  ${publishUsage}`,
  `  ${ediUsage}`,
  `  ${dlqListUsage}`,
  `  ${dlqRedriveUsage}`,
  `  ${topicsUsage}`,
  'exit codes: 0 ok, 1 invalid data, 2 usage, 3 connectivity',
].join('\n');

/** Runs one command line and returns its exit code; never throws. */
export async function run(argv: string[], io: Io): Promise<ExitCode> {
  const [command, sub, ...rest] = argv;
  try {
    if (command === 'validate') return await validateCommand(argv.slice(1), io);
    if (command === 'publish') return await publishCommand(argv.slice(1), io);
    if (command === 'edi') return await ediCommand(argv.slice(1), io);
    if (command === 'topics') return await topicsCommand(argv.slice(1), io);
    if (command === 'dlq' && sub === 'list') return await dlqListCommand(rest, io);
    if (command === 'dlq' && sub === 'redrive') return await dlqRedriveCommand(rest, io);
    if (command === undefined || command === 'help' || command === '--help') {
      io.out(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    throw new CliError(EXIT.usage, `unknown command ${[command, sub].filter(Boolean).join(' ')}`);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      if (err.exitCode === EXIT.usage) io.err(USAGE);
      return err.exitCode;
    }
    // parseArgs throws TypeErrors with codes for unknown or malformed options.
    if (
      err instanceof TypeError &&
      'code' in err &&
      String(err.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(err.message);
      io.err(USAGE);
      return EXIT.usage;
    }
    if (isConnectivityError(err)) {
      io.err(`cannot reach the broker or service: ${(err as Error).message}`);
      return EXIT.connectivity;
    }
    io.err(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.invalid;
  }
}
