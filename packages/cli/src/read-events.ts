import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { SourceEvent } from '@forewarn/contracts';
import {
  dottedPath,
  EdiError,
  loadMappingTables,
  looksLikeX12,
  mapInterchange,
  validateSourceEvent,
  type CheckOptions,
} from '@forewarn/edi';
import { CliError, EXIT } from './exit.js';
import type { Io } from './io.js';

export interface GoodEvent {
  line: number;
  event: SourceEvent;
  topic: string;
  key: string;
}

export interface BadLine {
  line: number;
  problems: string[];
}

export interface ReadResult {
  format: 'jsonl' | 'edi';
  /** The X12 text, when the file is an interchange (publish --via-http sends it as is). */
  ediText?: string;
  good: GoodEvent[];
  bad: BadLine[];
}

const PROGRESS_EVERY = 10_000;

async function openHead(file: string): Promise<string> {
  try {
    await stat(file);
  } catch {
    throw new CliError(EXIT.usage, `cannot read ${file}`);
  }
  const stream = createReadStream(file, { start: 0, end: 255, encoding: 'utf8' });
  let head = '';
  for await (const chunk of stream) head += chunk as string;
  return head;
}

/**
 * Reads a JSONL file (one event per line; blank lines and lines starting with # are skipped) or
 * an X12 interchange, checking every event against its contract. Streams JSONL, reporting
 * progress on stderr, so large files do not need to fit in memory twice.
 */
export async function readEvents(
  file: string,
  io: Io,
  opts: CheckOptions & { sourceSystem?: string; mappingDir?: string } = {},
): Promise<ReadResult> {
  const head = await openHead(file);
  if (looksLikeX12(head)) {
    const text = await readFile(file, 'utf8');
    try {
      const mapped = mapInterchange(
        text,
        loadMappingTables(opts.mappingDir),
        opts.sourceSystem ? { sourceSystem: opts.sourceSystem } : {},
      );
      const good: GoodEvent[] = [];
      const bad: BadLine[] = [];
      mapped.transactions.forEach((tx) =>
        tx.events.forEach((e) => {
          const check = validateSourceEvent(e, opts);
          if (check.ok)
            good.push({
              line: tx.position,
              event: check.event,
              topic: check.eventType.topic,
              key: check.key,
            });
          else
            bad.push({
              line: tx.position,
              problems: check.issues.map((i) => `${dottedPath(i.path)}: ${i.message}`),
            });
        }),
      );
      return { format: 'edi', ediText: text, good, bad };
    } catch (err) {
      if (!(err instanceof EdiError)) throw err;
      return {
        format: 'edi',
        ediText: text,
        good: [],
        bad: [{ line: err.at?.position ?? 1, problems: [err.message] }],
      };
    }
  }
  const good: GoodEvent[] = [];
  const bad: BadLine[] = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (n % PROGRESS_EVERY === 0) io.err(`… ${n} lines read (${bad.length} invalid so far)`);
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      bad.push({ line: n, problems: [`not JSON: ${(err as Error).message}`] });
      continue;
    }
    const check = validateSourceEvent(json, opts);
    if (check.ok)
      good.push({ line: n, event: check.event, topic: check.eventType.topic, key: check.key });
    else
      bad.push({
        line: n,
        problems: check.issues.map((i) => `${dottedPath(i.path)}: ${i.message}`),
      });
  }
  return { format: 'jsonl', good, bad };
}

/** Prints every invalid line with its problems; segment positions for EDI. */
export function reportBad(io: Io, file: string, result: ReadResult): void {
  for (const b of result.bad) for (const p of b.problems) io.out(`${file}:${b.line}: ${p}`);
  const bad = result.format === 'edi' ? 'invalid interchange' : 'invalid lines';
  io.err(`${result.good.length} valid events, ${result.bad.length} ${bad} in ${file}`);
}
