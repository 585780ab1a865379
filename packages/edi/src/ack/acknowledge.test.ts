import { describe, expect, it } from 'vitest';
import { receiveInterchange } from '../mapping/receive.js';
import { loadMappingTables } from '../mapping/tables.js';
import { sample } from '../test-support.js';
import { acknowledge } from './acknowledge.js';

const tables = loadMappingTables();
const now = new Date('2025-03-06T12:00:00Z');
const ups = sample('214-ups-delay-damage-delivered.edi');
const ack = (text: string, strictness?: 'strict') =>
  acknowledge(receiveInterchange(text, tables, strictness ? { strictness } : {}), tables, { now });

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

  it('answers 005010 with a 999 (IK3/IK4/IK5) and an interchange fault with a TA1', () => {
    const dhl = sample('214-dhl-customs-hold.edi')
      .replace('|20250306|1605|ET', '|20250306|1605|XX')
      .replace('IEA|1|000000202', 'IEA|1|000000203');
    const text = ack(dhl);
    expect(text).toMatch(/^TA1\*000000202\*250304\*1200\*E\*001~$/m);
    expect(text).toContain('ST*999*0001*005010X231A1~\nAK1*QM*202*005010~');
    expect(text).toContain('IK3*AT7*12**8~\nIK4*7*623*7*XX~\nIK5*R*5~\nAK9*R*1*1*0~');
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
