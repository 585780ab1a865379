import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  acknowledge,
  DEFAULT_MAPPING_DIR,
  loadMappingTables,
  receiveInterchange,
} from '@forewarn/edi';
import { describe, expect, it } from 'vitest';
import { asDuplicate, duplicateKey, interchangeRecord } from './edi-interchange.js';

const tables = loadMappingTables(DEFAULT_MAPPING_DIR);
const corpus = fileURLToPath(new URL('../corpus/', `file://${DEFAULT_MAPPING_DIR}`));
const receive = (name: string) =>
  receiveInterchange(readFileSync(`${corpus}${name}`, 'utf8'), tables, {
    defaultSourceSystem: 'wms:test',
  });
const now = new Date('2025-03-05T12:00:00Z');
const at = { id: 'ix-1', sourceSystem: 'wms:test', receivedAt: now, duplicateOf: null };

describe('interchangeRecord', () => {
  it('keeps the envelope, each group and set with its fate, and the acknowledgement', () => {
    const receipt = receive('856-s-o-p-i-retail-upc.edi');
    const record = interchangeRecord(receipt, 'ACK', at);
    expect(record).toMatchObject({
      senderQualifier: 'ZZ',
      senderId: 'FWWMSATL',
      controlNumber: '000020001',
      version: '00401',
      status: 'accepted',
      acknowledgement: 'ACK',
      sourceSystem: 'wms:test',
      duplicateOf: null,
    });
    expect(record.groups).toEqual([
      expect.objectContaining({ functionalId: 'SH', status: 'accepted' }),
    ]);
    expect(record.transactionSets).toEqual([
      expect.objectContaining({ setId: '856', status: 'accepted', issues: [] }),
    ]);
  });

  it('says partially accepted, and why each refused set was refused', () => {
    const record = interchangeRecord(receive('856-three-sets-one-bad.edi'), '', at);
    expect(record.status).toBe('partially_accepted');
    const refused = record.transactionSets.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.issues[0]).toMatchObject({ path: expect.stringMatching(/^\/segments\//) });
    expect(record.transactionSets.filter((s) => s.status !== 'rejected')).toHaveLength(2);
  });

  it('says rejected when every set was refused', () => {
    expect(interchangeRecord(receive('214-invalid-date-rejected.edi'), '', at).status).toBe(
      'rejected',
    );
  });
});

describe('asDuplicate', () => {
  it("reports a repeated ISA-13 in the TA1 (025) and still takes a lenient partner's sets", () => {
    const first = receive('856-s-o-p-i-retail-upc.edi');
    const again = asDuplicate(first);
    expect(duplicateKey(again)).toEqual({
      senderQualifier: 'ZZ',
      senderId: 'FWWMSATL',
      controlNumber: '000020001',
    });
    expect(again.events).toEqual(first.events);
    expect(acknowledge(again, tables, { now })).toMatch(/^TA1\*000020001\*\d{6}\*\d{4}\*E\*025~$/m);
    expect(interchangeRecord(again, '', { ...at, duplicateOf: 'ix-0' })).toMatchObject({
      status: 'accepted_with_errors',
      duplicateOf: 'ix-0',
    });
  });

  it("refuses a strict partner's repeat whole", () => {
    const again = asDuplicate(receive('856-strict-partner-clean.edi'));
    expect(again.events).toEqual([]);
    expect(acknowledge(again, tables, { now })).toMatch(/^TA1\*\d{9}\*\d{6}\*\d{4}\*R\*025~$/m);
    expect(interchangeRecord(again, '', at).status).toBe('rejected');
  });
});
