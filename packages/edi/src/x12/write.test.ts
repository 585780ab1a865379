import { describe, expect, it } from 'vitest';
import { parseX12 } from './parse.js';
import { writeX12, type InterchangeDraft } from './write.js';

const draft: InterchangeDraft = {
  senderId: 'FDEG',
  receiverId: 'FOREWARN',
  date: '250310',
  time: '1200',
  controlNumber: 7,
  groups: [
    {
      functionalId: 'QM',
      sender: 'FDEG',
      receiver: 'FOREWARN',
      date: '20250310',
      time: '1200',
      controlNumber: '1',
      version: '004010',
      transactions: [
        {
          setId: '214',
          controlNumber: '0001',
          segments: [
            ['B10', '1', '', 'FDEG'],
            ['LX', '1'],
          ],
        },
        { setId: '214', controlNumber: '0002', segments: [['B10', '2', '', 'FDEG']] },
      ],
    },
  ],
};

describe('writeX12', () => {
  it('writes a fixed-width ISA and the counts and control numbers the parser checks', () => {
    const text = writeX12(draft);
    expect(text.split('\n')[0]).toHaveLength(106);
    expect(text).toContain('SE*4*0001~');
    expect(text).toContain('GE*2*1~');
    expect(text.endsWith('IEA*1*000000007~')).toBe(true);
    const ic = parseX12(text);
    expect(ic.groups[0]!.transactions.map((t) => t.segments.length)).toEqual([2, 1]);
  });

  it('refuses an element holding a separator instead of writing a broken structure', () => {
    const bad = structuredClone(draft) as InterchangeDraft & {
      groups: { transactions: { segments: string[][] }[] }[];
    };
    bad.groups[0]!.transactions[0]!.segments[0]![1] = 'A*B';
    expect(() => writeX12(bad)).toThrow(/separator "\*"/);
  });
});
