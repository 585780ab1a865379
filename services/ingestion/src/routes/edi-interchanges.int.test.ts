import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOPIC } from '@forewarn/contracts';
import { DEFAULT_MAPPING_DIR } from '@forewarn/edi';
import { eventually } from '@forewarn/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from '../testing/harness.js';

const corpus = fileURLToPath(new URL('../corpus/', `file://${DEFAULT_MAPPING_DIR}`));
const file = (name: string) => readFileSync(`${corpus}${name}`, 'utf8');

interface Item {
  id: string;
  sourceSystem: string;
  sender: { qualifier: string; id: string } | null;
  controlNumber: string | null;
  refusal: { path: string; code: string; message: string } | null;
  status: string;
  duplicateOf: string | null;
  acknowledgementType: string;
  transactionSets: { setId: string; controlNumber: string; status: string; issues: unknown[] }[];
  acknowledgement?: string;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness('ingestion-edi-ix');
});
afterAll(async () => {
  await h?.stop();
});

const sendX12 = (name: string, key: string) =>
  h.post('/v1/edi', file(name), { 'x-api-key': key, 'content-type': 'application/edi-x12' });

async function get(path: string, key = KEYS.ops) {
  const res = await fetch(`${h.svc.url}${path}`, { headers: { 'x-api-key': key } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const list = async (query = '', key = KEYS.ops) => {
  const res = await get(`/v1/edi/interchanges${query}`, key);
  expect(res.status).toBe(200);
  return res.body as { items: Item[]; nextCursor: string | null };
};

describe('EDI interchanges are recorded with their acknowledgements', () => {
  let first: Item;

  it('records an accepted 856 with its sender, control numbers, sets and the 997 returned', async () => {
    const since = new Date().toISOString();
    const res = await sendX12('856-s-o-p-i-retail-upc.edi', KEYS.wms);
    expect(res.status).toBe(202);
    const { items } = await list(`?since=${since}`);
    expect(items).toHaveLength(1);
    first = items[0]!;
    expect(first).toMatchObject({
      sourceSystem: 'wms:manhattan',
      sender: { qualifier: 'ZZ', id: 'FWWMSATL' },
      controlNumber: '000020001',
      status: 'accepted',
      duplicateOf: null,
      acknowledgementType: '997',
      transactionSets: [{ setId: '856', status: 'accepted', issues: [] }],
    });
    const detail = await get(`/v1/edi/interchanges/${first.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.acknowledgement).toBe(res.json.acknowledgement);
    expect(detail.body.acknowledgement).toMatch(/AK1\*SH\*\d+~\nAK2\*856\*\d+~\nAK5\*A~/);
    // The events went out in the same acceptance.
    await eventually(async () =>
      (await h.eventIdsOn(TOPIC.wmsFulfilment)).length > 0 ? true : undefined,
    );
  });

  it('recognises the same ISA-13 from the same sender as a duplicate (TA1 025) and keeps it', async () => {
    const res = await sendX12('856-s-o-p-i-retail-upc.edi', KEYS.wms);
    expect(res.status).toBe(202);
    expect(res.json.acknowledgement).toMatch(/^TA1\*000020001\*\d{6}\*\d{4}\*E\*025~$/m);
    expect(res.json.accepted).toEqual([]);
    const { items } = await list('?sender=FWWMSATL');
    expect(items.map((i) => i.duplicateOf)).toEqual([first.id, null]);
    expect(items[0]).toMatchObject({ status: 'accepted_with_errors', controlNumber: '000020001' });
  });

  it('records a partly accepted interchange and a wholly rejected one, with the reasons', async () => {
    expect((await sendX12('856-three-sets-one-bad.edi', KEYS.wms)).status).toBe(202);
    expect((await sendX12('214-invalid-date-rejected.edi', KEYS.ups)).status).toBe(400);
    const partial = (await list('?status=partially_accepted')).items;
    expect(partial).toHaveLength(1);
    const refused = partial[0]!.transactionSets.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.issues.length).toBeGreaterThan(0);
    const rejected = (await list('?status=rejected')).items;
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      sourceSystem: 'carrier:ups',
      sender: { id: 'UPSN' },
      transactionSets: [
        {
          setId: '214',
          status: 'rejected',
          issues: [{ path: '/segments/7/AT7-05', code: 'invalid_element' }],
        },
      ],
    });
  });

  it('records a body that is not X12 at all, with the reason and how it began, and answers with its id', async () => {
    const body = 'PO#4471,SHIPPED,2026-12-01\r\nPO#4472,DELAYED,2026-12-02\u0000';
    const res = await h.post('/v1/edi', body, {
      'x-api-key': KEYS.ups,
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('EDI_INVALID');
    const id = String(res.json.interchangeId);
    const { items } = await list('?status=unreadable');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id,
      sourceSystem: 'carrier:ups',
      sender: null,
      controlNumber: null,
      status: 'unreadable',
      transactionSets: [],
      acknowledgementType: '',
      refusal: { code: expect.any(String) as string },
    });
    expect(items[0]!.refusal!.message).toBe((res.json.issues as { message: string }[])[0]!.message);
    const detail = await get(`/v1/edi/interchanges/${id}`);
    expect(detail.body).toMatchObject({
      acknowledgement: '',
      excerpt: 'PO#4471,SHIPPED,2026-12-01\\r\\nPO#4472,DELAYED,2026-12-02\\u0000',
      sizeBytes: Buffer.byteLength(body),
    });
    // Its sender's key sees it; another source's does not.
    expect((await get(`/v1/edi/interchanges/${id}`, KEYS.ups)).status).toBe(200);
    expect((await get(`/v1/edi/interchanges/${id}`, KEYS.wms)).status).toBe(404);
  });

  it('lets a team lead read interchanges (the console shows them on the integration page)', async () => {
    const { items } = await list('', KEYS.lead);
    expect(items.length).toBe(5);
  });

  it('pages newest first with a cursor, and refuses a cursor it did not issue', async () => {
    const all = (await list()).items;
    expect(all.length).toBe(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(
        `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.id));
    const bad = await get('/v1/edi/interchanges?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it("lets a source key read its own source system's interchanges only", async () => {
    const own = (await list('', KEYS.wms)).items;
    expect(own.length).toBe(3);
    expect(new Set(own.map((i) => i.sourceSystem))).toEqual(new Set(['wms:manhattan']));
    expect((await get(`/v1/edi/interchanges/${first.id}`, KEYS.wms)).status).toBe(200);
    const other = await get(`/v1/edi/interchanges/${first.id}`, KEYS.ups);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('EDI_INTERCHANGE_UNKNOWN');
    expect((await list('', KEYS.erp)).items).toEqual([]);
    expect((await get('/v1/edi/interchanges', KEYS.customer)).status).toBe(403);
    expect((await get('/v1/edi/interchanges/not-an-id')).status).toBe(404);
  });

  it('recognises a repeat inside one transmission as a duplicate of the first copy', async () => {
    const once = file('856-s-o-i-standard-pack.edi');
    const res = await h.post('/v1/edi', `${once}\n${once}`, {
      'x-api-key': KEYS.wms,
      'content-type': 'application/edi-x12',
    });
    expect(res.status).toBe(202);
    expect(String(res.json.acknowledgement).match(/^TA1\*.*\*025~$/gm)).toHaveLength(1);
    const { items } = await list('?limit=2');
    expect(items.map((i) => i.controlNumber)).toEqual(['000020003', '000020003']);
    const first = items.find((i) => i.duplicateOf === null);
    const second = items.find((i) => i.duplicateOf !== null);
    expect(first!.duplicateOf).toBeNull();
    expect(second!.duplicateOf).toBe(first!.id);
  });

  it('takes nothing when the record cannot be written: the events and the record commit together', async () => {
    const db = new pg.Client({ connectionString: h.env.databaseUrl });
    await db.connect();
    try {
      // A real failure inside the acceptance's transaction, on the record's insert only.
      await db.query(`
        CREATE FUNCTION ingestion.refuse_020006() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.control_number = '000020006' THEN RAISE EXCEPTION 'refused for the test'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_020006 BEFORE INSERT ON ingestion.edi_interchanges
          FOR EACH ROW EXECUTE FUNCTION ingestion.refuse_020006();`);
      expect((await sendX12('856-two-orders-pro-freight.edi', KEYS.wms)).status).toBe(500);
      await db.query('DROP TRIGGER refuse_020006 ON ingestion.edi_interchanges');
      const again = await sendX12('856-two-orders-pro-freight.edi', KEYS.wms);
      expect(again.status).toBe(202);
      expect((again.json.accepted as unknown[]).length).toBeGreaterThan(0);
      expect(again.json.duplicates).toEqual([]);
      const { items } = await list('?limit=10');
      expect(items.filter((i) => i.controlNumber === '000020006')).toHaveLength(1);
    } finally {
      await db.end();
    }
  });
});
