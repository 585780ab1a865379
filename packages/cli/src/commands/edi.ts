import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  acknowledge,
  EdiError,
  loadMappingTables,
  overallStatus,
  receiptFaults,
  receiveInterchanges,
  type MappingTables,
  type Receipt,
} from '@forewarn/edi';
import { CliError, EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';

export const ediUsage =
  'forewarn edi <file|dir> [--via-http URL --api-key KEY] [--source kind:instance] [--strict] [--ack-dir DIR]';

/** What one file came to: its acknowledgement and a one-line verdict. */
interface FileOutcome {
  ack?: string;
  /** Every set taken (possibly with errors noted). */
  ok: boolean;
  summary: string;
}

const VERDICT = { A: 'accepted', E: 'accepted with errors', P: 'partly accepted', R: 'rejected' };

function mapLocally(
  text: string,
  tables: MappingTables,
  opts: { source?: string; strict: boolean },
): FileOutcome {
  let receipts: Receipt[];
  try {
    receipts = receiveInterchanges(text, tables, {
      ...(opts.source ? { sourceSystem: opts.source } : {}),
      ...(opts.strict ? { strictness: 'strict' as const } : {}),
    });
  } catch (err) {
    if (!(err instanceof EdiError)) throw err;
    return { ok: false, summary: `refused: ${err.message}` };
  }
  const v = overallStatus(receipts);
  const groups = receipts.flatMap((r) => r.groups);
  const sets = groups.flatMap((g) => g.transactions).length;
  const taken = groups
    .filter((g) => g.status !== 'R')
    .flatMap((g) => g.transactions)
    .filter((t) => t.status !== 'rejected').length;
  const events = receipts.reduce((n, r) => n + r.events.length, 0);
  const problems = receipts
    .flatMap(receiptFaults)
    .map((f) => `  ${f.severity === 'note' ? 'note' : 'error'}: ${f.message}`);
  return {
    ack: receipts.map((r) => acknowledge(r, tables, { now: new Date() })).join(''),
    ok: v === 'A' || v === 'E',
    summary: [
      `${VERDICT[v]}: ${taken} of ${sets} transaction sets, ${events} events`,
      ...problems,
    ].join('\n'),
  };
}

async function sendOne(url: string, apiKey: string, text: string): Promise<FileOutcome> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/v1/edi`, {
    method: 'POST',
    headers: {
      'content-type': 'application/edi-x12',
      accept: 'application/edi-x12',
      'x-api-key': apiKey,
    },
    body: text,
  });
  const body = await res.text();
  if (res.status === 202) {
    const accepted = res.headers.get('x-forewarn-accepted') ?? '?';
    const duplicates = res.headers.get('x-forewarn-duplicates') ?? '?';
    const partial = /^AK9\*[PR]\*/m.test(body) || /^AK5\*R/m.test(body);
    return {
      ack: body,
      ok: !partial,
      summary: `${partial ? 'partly accepted' : 'accepted'}: accepted ${accepted}, duplicates ${duplicates}`,
    };
  }
  if (res.status === 400) {
    if (body.startsWith('ISA')) return { ack: body, ok: false, summary: 'rejected' };
    const problem = JSON.parse(body || '{}') as { detail?: string; acknowledgement?: string };
    return {
      ...(problem.acknowledgement ? { ack: problem.acknowledgement } : {}),
      ok: false,
      summary: `refused: ${problem.detail ?? body}`,
    };
  }
  const code = res.status === 403 || res.status === 401 ? EXIT.invalid : EXIT.connectivity;
  throw new CliError(code, `ingestion answered ${res.status}: ${body.slice(0, 300)}`);
}

async function filesOf(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(EXIT.usage, `cannot read ${path}`);
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
  const files: string[] = [];
  for (const n of names) if ((await stat(join(path, n))).isFile()) files.push(join(path, n));
  return files;
}

/**
 * Maps X12 files (one, or every file of a directory) the way the ingestion edge receives them,
 * or sends them there with --via-http, and prints each file's 997/999 on stdout; a verdict per
 * file, with progress on a directory, goes to stderr. Exit 1 when any file had a set rejected.
 */
export async function ediCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'via-http': { type: 'string' },
      'api-key': { type: 'string' },
      source: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'ack-dir': { type: 'string' },
      'mapping-dir': { type: 'string' },
    },
  });
  const [path] = positionals;
  if (!path || positionals.length > 1) throw usageError(`usage: ${ediUsage}`);
  const url = values['via-http'];
  const apiKey = values['api-key'] ?? io.env.FOREWARN_API_KEY;
  if (url && !apiKey) throw usageError('--via-http needs --api-key (or FOREWARN_API_KEY)');
  const files = await filesOf(path);
  const tables = url ? undefined : loadMappingTables(values['mapping-dir']);
  const ackDir = values['ack-dir'];
  if (ackDir) await mkdir(ackDir, { recursive: true });
  let failed = 0;
  for (const [i, file] of files.entries()) {
    const text = await readFile(file, 'utf8');
    const outcome =
      url && apiKey
        ? await sendOne(url, apiKey, text)
        : mapLocally(text, tables!, {
            ...(values.source ? { source: values.source } : {}),
            strict: values.strict ?? false,
          });
    if (!outcome.ok) failed++;
    const progress = files.length > 1 ? `[${i + 1}/${files.length}] ` : '';
    io.err(`${progress}${file}: ${outcome.summary}`);
    if (outcome.ack) {
      io.out(outcome.ack.trimEnd());
      if (ackDir) await writeFile(join(ackDir, `${basename(file)}.ack`), outcome.ack);
    }
  }
  if (files.length > 1) io.err(`${files.length - failed} of ${files.length} files fully accepted`);
  return failed > 0 ? EXIT.invalid : EXIT.ok;
}
