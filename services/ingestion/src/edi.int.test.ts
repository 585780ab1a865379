import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Io } from '@forewarn/cli';
import { fileURLToPath } from 'node:url';
import { TOPIC } from '@forewarn/contracts';
import { DEFAULT_MAPPING_DIR } from '@forewarn/edi';
import { eventually } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from './testing/harness.js';

const corpus = fileURLToPath(new URL('../corpus/', `file://${DEFAULT_MAPPING_DIR}`));
const file = (name: string) => readFileSync(`${corpus}${name}`, 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await startHarness('ingestion-edi');
});
afterAll(async () => {
  await h?.stop();
});

/** Posts X12 as a trading partner does, asking for the acknowledgement itself. */
async function postX12(body: string, key: string) {
  const res = await fetch(`${h.svc.url}/v1/edi`, {
    method: 'POST',
    headers: {
      'content-type': 'application/edi-x12',
      accept: 'application/edi-x12',
      'x-api-key': key,
    },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
    headers: res.headers,
  };
}

describe('POST /v1/edi answers with the 997/999', () => {
  it('returns the 997 as X12 to a partner that asks for it, and publishes the events', async () => {
    const res = await postX12(file('214-ups-4010-four-loops.edi'), KEYS.ups);
    expect(res.status).toBe(202);
    expect(res.type).toMatch(/^application\/edi-x12/);
    expect(res.headers.get('x-forewarn-accepted')).toBe('5');
    expect(res.text).toMatch(/^ISA\*00\*.{10}\*00\*.{10}\*ZZ\*FOREWARN {7}\*ZZ\*UPSN {11}\*/);
    expect(res.text).toContain('ST*997*0001~\nAK1*QM*10001~\nAK2*214*0001~\nAK5*A~\nAK9*A*1*1*1~');
    const ids = await eventually(async () => {
      const on = await h.eventIdsOn(TOPIC.carrierTracking);
      return on.length >= 5 ? on : undefined;
    });
    expect(ids).toContain('214-UPSN-1Z4F83X20312345678-D1-202503051342-pod');
  });

  it('answers a 5010 interchange with a 997 in 005010, and reports a missing IEA while taking the sets (TA1 E)', async () => {
    const res = await h.post(
      '/v1/edi',
      file('214-fedex-5010-pipe-newline.edi').replaceAll('FDEG', 'UPSN'),
      {
        'x-api-key': KEYS.ups,
        'content-type': 'application/edi-x12',
      },
    );
    expect(res.status).toBe(202);
    // A carrier's 214 under plain 005010 (no implementation guide) gets a 997 in its version.
    expect(res.json.acknowledgement).toMatch(
      /^GS\*FA\*FOREWARN\*UPSN\*\d{8}\*\d{4}\*1\*X\*005010~\nST\*997\*0001~\nAK1\*QM\*10002\*005010~/m,
    );
    expect(res.json.acknowledgement).not.toMatch(/^ST\*999\*/m);
    // The same group sent under an implementation guide gets the 999 (HIPAA's 005010X231A1).
    const guided = await h.post(
      '/v1/edi',
      file('214-fedex-5010-pipe-newline.edi')
        .replaceAll('FDEG', 'UPSN')
        .replaceAll('000010002', '000010902')
        .replace('|X|005010', '|X|005010X222A1'),
      { 'x-api-key': KEYS.ups, 'content-type': 'application/edi-x12' },
    );
    expect(guided.status).toBe(202);
    expect(guided.json.acknowledgement).toMatch(
      /\*1\*X\*005010X231A1~\nST\*999\*0001\*005010X231A1~\nAK1\*QM\*10002\*005010X222A1~/,
    );
    const noIea = await h.post('/v1/edi', file('214-missing-iea.edi'), {
      'x-api-key': KEYS.ups,
      'content-type': 'text/plain',
    });
    expect(noIea.status).toBe(202);
    expect(noIea.json.acknowledgement).toMatch(/^TA1\*000010016\*250306\*0800\*E\*023~$/m);
    expect(noIea.json.duplicates).toHaveLength(5); // the same statuses as the first file
  });

  it("maps a carrier no table names under the caller's own source (default profile)", async () => {
    const res = await h.post('/v1/edi', file('214-unknown-carrier-default-profile.edi'), {
      'x-api-key': KEYS.dhl,
      'content-type': 'application/edi-x12',
    });
    expect(res.status).toBe(202);
    expect(res.json.accepted).toHaveLength(3);
  });

  it('takes a file with the DOS end-of-file mark (SUB) a gateway appends, without an envelope fault', async () => {
    const text = file('214-xpo-ltl-pro-bol-sid.edi').replaceAll('XPOL', 'UPSN');
    const res = await postX12(`${text.replaceAll('\n', '\r\n')}\x1a`, KEYS.ups);
    expect(res.status).toBe(202);
    expect(res.text).not.toMatch(/^TA1\*/m);
    expect(res.text).toMatch(/^AK9\*A\*1\*1\*1~$/m);
  });

  it('takes the file as application/octet-stream, as relays that do not name the X12 type post it', async () => {
    const text = file('214-estes-local-time.edi').replaceAll('EXLA', 'UPSN');
    const res = await h.post('/v1/edi', text, {
      'x-api-key': KEYS.ups,
      'content-type': 'application/octet-stream',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.accepted).toHaveLength(3);
    const notX12 = await h.post('/v1/edi', '{"events":[]}', {
      'x-api-key': KEYS.ups,
      'content-type': 'application/octet-stream',
    });
    expect(notX12.status).toBe(400);
    expect(notX12.json).toMatchObject({ code: 'EDI_INVALID', issues: [{ code: 'not_x12' }] });
  });

  it('acknowledges each interchange of a batched transmission', async () => {
    const res = await postX12(file('214-two-interchanges-one-file.edi'), KEYS.ups);
    expect(res.status).toBe(202);
    expect(res.text.match(/^ISA\*/gm)).toHaveLength(2);
    expect(res.text.match(/^AK9\*A\*1\*1\*1~$/gm)).toHaveLength(2);
    expect(res.headers.get('x-forewarn-accepted')).toBe('7'); // the first file's 5 came before
  });

  it('refuses, with the acknowledgement, a file whose every set is rejected, and text that is not X12', async () => {
    const bad = await h.post('/v1/edi', file('214-invalid-date-rejected.edi'), {
      'x-api-key': KEYS.ups,
      'content-type': 'application/edi-x12',
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'EDI_INVALID',
      issues: [{ path: '/segments/7/AT7-05', code: 'invalid_element' }],
    });
    expect(bad.json.acknowledgement).toMatch(
      /AK4\*5\*373\*8\*20250230~\nAK5\*R\*5~\nAK9\*R\*1\*1\*0~/,
    );
    const asX12 = await postX12(file('214-invalid-date-rejected.edi'), KEYS.ups);
    expect(asX12.status).toBe(400);
    expect(asX12.text).toMatch(/^ISA\*/);
    const json = await h.post('/v1/edi', file('not-x12-json.edi'), {
      'x-api-key': KEYS.ups,
      'content-type': 'text/plain',
    });
    expect(json.status).toBe(400);
    expect(json.json).toMatchObject({ code: 'EDI_INVALID', issues: [{ code: 'not_x12' }] });
    expect(String(json.json.detail)).toMatch(/starts with an ISA segment/);
  });

  it('forewarn edi --via-http sends a directory, printing each file’s acknowledgement with progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-edi-http-'));
    for (const name of ['214-ups-4010-four-loops.edi', '214-invalid-date-rejected.edi']) {
      copyFileSync(`${corpus}${name}`, join(dir, name));
    }
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
    const code = await run(['edi', dir, '--via-http', h.svc.url, '--api-key', KEYS.ups], io);
    expect(code).toBe(1);
    expect(err).toEqual([
      `[1/2] ${join(dir, '214-invalid-date-rejected.edi')}: rejected`,
      `[2/2] ${join(dir, '214-ups-4010-four-loops.edi')}: accepted: accepted 0, duplicates 5`,
      '1 of 2 files fully accepted',
    ]);
    const acks = out.join('\n').split(/(?=^ISA\*)/m);
    expect(acks).toHaveLength(2);
    expect(acks[0]).toMatch(/AK9\*R\*1\*1\*0~/);
    expect(acks[1]).toMatch(/AK9\*A\*1\*1\*1~/);
  });
});
