import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

describe('forewarn edi (mapped locally)', () => {
  const corpus = fileURLToPath(new URL('../../edi/corpus/', import.meta.url));

  it('prints each file’s 997 with a verdict, progress on a directory, exit 1 when a set was rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-edi-'));
    for (const name of [
      '214-ups-4010-four-loops.edi',
      '214-one-bad-set-of-three.edi',
      '856-s-i-5010-ean.edi',
      'not-x12-json.edi',
    ]) {
      copyFileSync(join(corpus, name), join(dir, name));
    }
    const res = await cli('edi', dir);
    expect(res.code).toBe(EXIT.invalid);
    expect(res.err.filter((l) => /^\[\d\/4\] /.test(l)).map((l) => l.split(': ')[1])).toEqual([
      'partly accepted',
      'accepted',
      'accepted',
      'refused',
    ]);
    expect(res.err[0]).toMatch(/partly accepted: 2 of 3 transaction sets, 7 events/);
    expect(res.err.at(-1)).toBe('2 of 4 files fully accepted');
    const acks = res.out.join('\n').split(/(?=^ISA\*)/m);
    expect(acks).toHaveLength(3);
    expect(acks[0]).toMatch(/AK4\*1\*1650\*7\*ZZ~\nAK5\*R\*5~/);
    expect(acks[1]).toContain('ST*997*0001~');
    // A shipper's 005010 856 (no implementation guide) gets a 997 in 005010, ST-03 echoed in AK2.
    expect(acks[2]).toMatch(
      /\*1\*X\*005010~\nST\*997\*0001~\nAK1\*SH\*20004\*005010~\nAK2\*856\*0001\*005010~/,
    );
    expect(acks[2]).not.toMatch(/^ST\*999\*/m);
  });

  it('exits 0 for a clean file, and with --strict refuses what lenient takes', async () => {
    expect((await cli('edi', join(corpus, '214-ups-4010-four-loops.edi'))).code).toBe(EXIT.ok);
    const lenient = await cli('edi', join(corpus, '214-missing-iea.edi'));
    expect(lenient.code).toBe(EXIT.ok);
    expect(lenient.out.join('\n')).toMatch(/^TA1\*\d{9}\*\d{6}\*\d{4}\*E\*023~$/m);
    const strict = await cli('edi', join(corpus, '214-missing-iea.edi'), '--strict');
    expect(strict.code).toBe(EXIT.invalid);
    expect(strict.err[0]).toMatch(/rejected: 0 of 1 transaction sets, 0 events/);
  });
});
