import { describe, expect, it } from 'vitest';
import { loadMappingTables } from '../mapping/tables.js';
import { mapInterchange } from '../mapping/map-interchange.js';
import { sample } from '../test-support.js';
import { EdiError } from './errors.js';
import { parseX12 } from './parse.js';

const tables = loadMappingTables();
const ups = sample('214-ups-delay-damage-delivered.edi');

function failure(fn: () => unknown): EdiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err;
    throw err;
  }
  throw new Error('expected an EdiError');
}

describe('X12 envelope checks', () => {
  it('parses the envelope of a valid interchange', () => {
    const ix = parseX12(ups);
    expect(ix).toMatchObject({
      senderId: 'UPSN',
      receiverId: 'FOREWARN',
      controlNumber: '000000101',
      version: '00401',
    });
    expect(ix.groups.map((g) => [g.functionalId, g.controlNumber, g.transactions.length])).toEqual([
      ['QM', '101', 3],
    ]);
  });

  it('refuses a document that does not start with ISA', () => {
    expect(failure(() => parseX12('{"type":"x"}')).code).toBe('not_x12');
  });

  it('names SE-01 when the segment count is wrong', () => {
    const err = failure(() => parseX12(ups.replace('SE*17*0001', 'SE*16*0001')));
    expect(err.message).toBe(
      'segment 19 (SE), element SE-01: SE-01 segment count says 16, counted 17',
    );
    expect(err.at).toEqual({ position: 19, segmentId: 'SE', element: 1 });
  });

  it('names the trailer whose control number does not match its header', () => {
    expect(failure(() => parseX12(ups.replace('GE*3*101', 'GE*3*102'))).message).toMatch(
      /^segment \d+ \(GE\), element GE-02: GE-02 group control number 102 does not match 101$/,
    );
    expect(failure(() => parseX12(ups.replace('IEA*1*000000101', 'IEA*1*000000100'))).code).toBe(
      'control_number',
    );
  });

  it('reports a missing SE where the next transaction starts', () => {
    const err = failure(() => parseX12(ups.replace('SE*17*0001~\n', '')));
    expect(err.message).toMatch(/^segment 19 \(ST\): transaction set 0001 has no SE trailer$/);
  });
});

describe('mapping errors name the segment and element', () => {
  it('refuses an unknown AT7 status code', () => {
    const err = failure(() => mapInterchange(ups.replace('AT7*X6*NS', 'AT7*ZZ*NS'), tables));
    expect(err.message).toBe(
      'segment 12 (AT7), element AT7-01: unknown shipment status code "ZZ": add it to at7-status.json',
    );
  });

  it('refuses an unknown reason code and a bad date; maps an unknown SCAC under the default profile', () => {
    expect(failure(() => mapInterchange(ups.replace('AT7*SD*AO', 'AT7*SD*Q9'), tables)).at).toEqual(
      {
        position: 15,
        segmentId: 'AT7',
        element: 2,
      },
    );
    const unknown = mapInterchange(
      ups
        .replace('SHP-5001*UPSN', 'SHP-5001*ABCD')
        .replace('1Z999AA10123456799*SHP-5002*UPSN', '1Z999AA10123456799*SHP-5002*ABCD'),
      tables,
      { defaultSourceSystem: 'carrier:abcd-freight' },
    );
    expect(unknown.transactions[0]!.events[0]).toMatchObject({
      sourceSystem: 'carrier:abcd-freight',
      payload: { carrier: 'abcd' },
    });
    expect(
      failure(() => mapInterchange(ups.replace('20250305*1830', '20250231*1830'), tables)).message,
    ).toBe('segment 12 (AT7), element AT7-05: "20250231 1830" is not a valid date and time');
  });

  it('reads local time (LT) in the zone of the stop, and refuses it when no zone is known', () => {
    const local = mapInterchange(ups.replace('1540*ET', '1540*LT'), tables);
    expect(local.events[0]!.occurredAt).toBe('2025-03-05T15:40:00-05:00'); // MS1 ATLANTA GA
    const nowhere = ups.replace('1540*ET', '1540*LT').replace('MS1*ATLANTA*GA*US~\nMS2', 'MS1*ATLANTA**US~\nMS2');
    const err = failure(() => mapInterchange(nowhere, tables));
    expect(err.at).toEqual({ position: 8, segmentId: 'AT7', element: 7 });
    expect(err.reason).toMatch(/LT \(local time\) needs a zone/);
  });

  it('refuses transaction sets other than 214 and 856', () => {
    const err = failure(() => mapInterchange(ups.replace('ST*214*0002', 'ST*210*0002'), tables));
    expect(err.message).toMatch(/element ST-01: transaction set 210 is not supported/);
  });

  it('checks the 856 hierarchy', () => {
    const asn = sample('856-atl-two-orders-partial.edi');
    const err = failure(() => mapInterchange(asn.replace('HL*4*3*I', 'HL*4*99*I'), tables));
    expect(err.message).toMatch(/^segment \d+ \(HL\), element HL-02: parent HL 99 does not exist$/);
    const loop = failure(() => mapInterchange(asn.replace('HL*2*1*O', 'HL*2*4*O'), tables));
    expect(loop.message).toMatch(/element HL-02: HL 2 is its own ancestor/);
  });
});
