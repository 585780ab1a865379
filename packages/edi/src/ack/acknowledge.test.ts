import { describe, expect, it } from 'vitest';
import { receiveInterchange } from '../mapping/receive.js';
import { loadMappingTables, mappingTablesSchema, type MappingTables } from '../mapping/tables.js';
import { sample } from '../test-support.js';
import { ackFor, acknowledge } from './acknowledge.js';

const tables = loadMappingTables();
const now = new Date('2025-03-06T12:00:00Z');
const ups = sample('214-ups-delay-damage-delivered.edi');
const ack = (text: string, strictness?: 'strict', t: MappingTables = tables) =>
  acknowledge(receiveInterchange(text, t, strictness ? { strictness } : {}), t, { now });

describe('ackFor: which acknowledgement a functional group gets, by its GS-08', () => {
  it.each([
    // Transport and retail groups, under no guide: a 997 in the group's own version.
    ['004010', '00401', '997', '004010'],
    ['004010VICS', '00401', '997', '004010VICS'],
    ['003040', '00304', '997', '003040'],
    ['005010', '00501', '997', '005010'],
    [' 005010 ', '00501', '997', '005010'],
    ['006020', '00602', '997', '006020'],
    // Under an implementation guide: a 999, in the HIPAA 999 guide for 005010.
    ['005010X222A1', '00501', '999', '005010X231A1'],
    ['005010X214', '00501', '999', '005010X231A1'],
    ['006020X290', '00602', '999', '006020'],
    // There is no 999 before 005010: a 4010 guide's group gets a 997 in its release.
    ['004010X098A1', '00401', '997', '004010'],
    // A GS-08 that is no version is read as the interchange's ISA-12.
    ['', '00501', '997', '005010'],
    ['', '00401', '997', '004010'],
    ['5010', '00501', '997', '005010'],
    ['00>010', 'U', '997', '004010'],
  ])('GS-08 %j in ISA-12 %j: %s under %s', (gs08, isa12, set, version) => {
    expect(ackFor(gs08, isa12)).toEqual({ set, version });
  });

  it.each([
    ['005010', '999', '999', '005010'],
    ['005010VICS', '999', '999', '005010'],
    ['005010X222A1', '997', '997', '005010'],
    ['005010X222A1', '999', '999', '005010X231A1'],
    ['005010', '997', '997', '005010'],
    ['004010', '999', '997', '004010'],
  ] as const)(
    'GS-08 %s with the partner asking for a %s: %s under %s',
    (gs08, prefer, set, version) => {
      expect(ackFor(gs08, '00501', prefer)).toEqual({ set, version });
    },
  );
});

describe('997/999 acknowledgements', () => {
  it('accepts a clean 004010 interchange with a 997, sender and receiver swapped', () => {
    expect(ack(ups)).toBe(
      [
        'ISA*00*          *00*          *ZZ*FOREWARN       *ZZ*UPSN           *250306*1200*U*00401*000000101*0*P*>~',
        'GS*FA*FOREWARN*UPSN*20250306*1200*1*X*004010~',
        'ST*997*0001~',
        'AK1*QM*101~',
        'AK2*214*0001~',
        'AK5*A~',
        'AK2*214*0002~',
        'AK5*A~',
        'AK2*214*0003~',
        'AK5*A~',
        'AK9*A*3*3*3~',
        'SE*10*0001~',
        'GE*1*1~',
        'IEA*1*000000101~',
        '',
      ].join('\n'),
    );
  });

  it('rejects one set with AK3/AK4 at the element, takes the others (P), and notes a wrong GE-01', () => {
    const text = ack(ups.replace('AT7*X6*NS', 'AT7*ZZ*NS').replace('GE*3*101', 'GE*4*101'));
    expect(text).toContain(
      ['AK2*214*0001~', 'AK3*AT7*10**8~', 'AK4*1*1650*7*ZZ~', 'AK5*R*5~'].join('\n'),
    );
    expect(text).toContain('AK9*P*4*3*2*5~');
  });

  it('answers a plain 005010 group with a 997 in 005010 (AK1-03 its GS-08) and an interchange fault with a TA1', () => {
    const dhl = sample('214-dhl-customs-hold.edi')
      .replace('|20250306|1605|ET', '|20250306|1605|XX')
      .replace('IEA|1|000000202', 'IEA|1|000000203');
    expect(ack(dhl)).toBe(
      [
        'ISA*00*          *00*          *ZZ*FOREWARN       *ZZ*DHLC           *250306*1200*^*00501*000000202*0*P*>~',
        'TA1*000000202*250304*1200*E*001~',
        'GS*FA*FOREWARN*DHLC*20250306*1200*1*X*005010~',
        'ST*997*0001~',
        'AK1*QM*202*005010~',
        'AK2*214*1001~',
        'AK3*AT7*12**8~',
        'AK4*7*623*7*XX~',
        'AK5*R*5~',
        'AK9*R*1*1*0~',
        'SE*8*0001~',
        'GE*1*1~',
        'IEA*1*000000202~',
        '',
      ].join('\n'),
    );
  });

  it('answers a group under an implementation guide with a 999 in 005010X231A1 (IK3/IK4/IK5)', () => {
    const guided = sample('214-dhl-customs-hold.edi')
      .replace('|X|005010', '|X|005010X222A1')
      .replace('ST|214|1001', 'ST|214|1001|005010X222A1')
      .replace('|20250306|1605|ET', '|20250306|1605|XX');
    expect(ack(guided)).toBe(
      [
        'ISA*00*          *00*          *ZZ*FOREWARN       *ZZ*DHLC           *250306*1200*^*00501*000000202*0*P*>~',
        'GS*FA*FOREWARN*DHLC*20250306*1200*1*X*005010X231A1~',
        'ST*999*0001*005010X231A1~',
        'AK1*QM*202*005010X222A1~',
        'AK2*214*1001*005010X222A1~',
        'IK3*AT7*12**8~',
        'IK4*7*623*7*XX~',
        'IK5*R*5~',
        'AK9*R*1*1*0~',
        'SE*8*0001~',
        'GE*1*1~',
        'IEA*1*000000202~',
        '',
      ].join('\n'),
    );
  });

  describe('an interchange of 004010, 005010 and guide groups', () => {
    const lines = ups.split('\n');
    const group = (n: number, version: string) =>
      lines
        .slice(1, 42)
        .join('\n')
        .replace('*101*X*004010~', `*${n}*X*${version}~`)
        .replace('GE*3*101~', `GE*3*${n}~`);
    const mixed = [
      lines[0],
      group(101, '004010'),
      group(102, '005010'),
      group(103, '005010X222A1'),
      group(104, '005010'),
      'IEA*4*000000101~',
      '',
    ].join('\n');
    const envelope = (text: string) => text.match(/^(ISA|GS|ST|AK1|GE|IEA)\*.*$/gm) ?? [];
    const gs = (n: number, version: string) =>
      `GS*FA*FOREWARN*UPSN*20250306*1200*${n}*X*${version}~`;

    it('answers each group in its own version: acknowledgements of a set and GS-08 share a group', () => {
      const text = ack(mixed);
      expect(envelope(text)).toEqual([
        'ISA*00*          *00*          *ZZ*FOREWARN       *ZZ*UPSN           *250306*1200*^*00501*000000101*0*P*>~',
        gs(1, '004010'),
        'ST*997*0001~',
        'AK1*QM*101~',
        'GE*1*1~',
        gs(2, '005010'),
        'ST*997*0001~',
        'AK1*QM*102*005010~',
        'ST*997*0002~',
        'AK1*QM*104*005010~',
        'GE*2*2~',
        gs(3, '005010X231A1'),
        'ST*999*0001*005010X231A1~',
        'AK1*QM*103*005010X222A1~',
        'GE*1*3~',
        'IEA*3*000000101~',
      ]);
      expect(text.match(/^(AK5|IK5)\*A~$/gm)).toHaveLength(12);
      expect(receiveInterchange(text, tables).interchange.faults).toEqual([]);
    });

    const asking = (want: '997' | '999'): MappingTables => ({
      ...tables,
      carriers: { ...tables.carriers, UPSN: { ...tables.carriers.UPSN!, ack: want } },
    });

    it('a partner row asking for 999s gets base 999s from 005010 on, and 997s before', () => {
      expect(envelope(ack(mixed, undefined, asking('999'))).slice(1, -1)).toEqual([
        gs(1, '004010'),
        'ST*997*0001~',
        'AK1*QM*101~',
        'GE*1*1~',
        gs(2, '005010'),
        'ST*999*0001~',
        'AK1*QM*102*005010~',
        'ST*999*0002~',
        'AK1*QM*104*005010~',
        'GE*2*2~',
        gs(3, '005010X231A1'),
        'ST*999*0001*005010X231A1~',
        'AK1*QM*103*005010X222A1~',
        'GE*1*3~',
      ]);
    });

    it('a partner row asking for 997s gets them for its guide groups too, in the guide’s release', () => {
      const text = ack(mixed, undefined, asking('997'));
      expect(text).not.toContain('ST*999');
      expect(envelope(text).slice(5, 12)).toEqual([
        gs(2, '005010'),
        'ST*997*0001~',
        'AK1*QM*102*005010~',
        'ST*997*0002~',
        'AK1*QM*103*005010X222A1~',
        'ST*997*0003~',
        'AK1*QM*104*005010~',
      ]);
    });

    it('a row may only ask for a 997 or a 999', () => {
      const bad = { ...tables, carriers: { UPSN: { ...tables.carriers.UPSN!, ack: '998' } } };
      expect(mappingTablesSchema.safeParse(bad).success).toBe(false);
      expect(mappingTablesSchema.safeParse(asking('999')).success).toBe(true);
    });
  });

  it('reports an SE count and control number at the set level (AK5 codes 4 and 3)', () => {
    const text = ack(ups.replace('SE*17*0001', 'SE*16*0009'));
    expect(text).toContain('AK2*214*0001~\nAK5*R*4*3~');
  });

  it('rejects a strict partner’s group whose trailer is wrong, taking nothing', () => {
    const receipt = receiveInterchange(ups.replace('GE*3*101', 'GE*2*101'), tables, {
      strictness: 'strict',
    });
    expect(receipt.events).toEqual([]);
    expect(ack(ups.replace('GE*3*101', 'GE*2*101'), 'strict')).toContain('AK9*R*2*3*0*5~');
  });
});
