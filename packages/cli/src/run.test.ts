import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTrackingScanned } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit.js';
import type { Io } from './io.js';
import { run } from './run.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  return { code: await run(argv, io), out, err };
}

describe('forewarn (no broker needed)', () => {
  it('exits 2 with the usage for unknown commands, options and missing arguments', async () => {
    expect((await cli()).code).toBe(EXIT.usage);
    expect((await cli('frobnicate')).err[0]).toBe('unknown command frobnicate');
    expect((await cli('validate', 'x.jsonl', '--bogus')).code).toBe(EXIT.usage);
    expect((await cli('dlq', 'redrive', 'order')).code).toBe(EXIT.usage);
    expect((await cli('publish', 'f', '--via-http', 'http://x')).err[0]).toMatch(/needs --api-key/);
  });

  it('validates a large JSONL file with progress on stderr and the bad line numbers on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-'));
    const good = JSON.stringify(sampleTrackingScanned());
    const lines = Array.from({ length: 25_000 }, (_, i) =>
      i === 12_344 ? '{"type":"carrier.tracking.scanned"}' : good,
    );
    writeFileSync(join(dir, 'big.jsonl'), lines.join('\n'));
    const res = await cli('validate', join(dir, 'big.jsonl'), '--topic', 'source.carrier.tracking');
    expect(res.code).toBe(EXIT.invalid);
    expect(res.err.filter((l) => l.startsWith('…'))).toEqual([
      '… 10000 lines read (0 invalid so far)',
      '… 20000 lines read (1 invalid so far)',
    ]);
    expect(res.out.every((l) => l.includes('big.jsonl:12345: '))).toBe(true);
    expect(res.out).toContain(
      `${join(dir, 'big.jsonl')}:12345: eventId: Invalid input: expected string, received undefined`,
    );
    expect(res.err.at(-1)).toMatch(/^24999 valid events, 1 invalid lines/);
  });
});
