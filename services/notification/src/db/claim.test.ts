import { describe, expect, it } from 'vitest';
import { groupForSending } from './claim.js';
import type { NoticeRow } from './notice-row.js';

const row = (id: string, over: Partial<NoticeRow> = {}) =>
  ({
    notice_id: id,
    contact_id: 'c1',
    address: 'a@x.example',
    mode: 'digest',
    batch_id: null,
    ...over,
  }) as NoticeRow;

describe('groupForSending', () => {
  it('sends immediate notices alone and a contact digest as one group', () => {
    const groups = groupForSending([
      row('n1', { mode: 'immediate' }),
      row('n2'),
      row('n3'),
      row('n4', { contact_id: 'c2' }),
    ]);
    expect(groups.map((g) => [g.batchId === null, g.notices.map((n) => n.notice_id)])).toEqual([
      [true, ['n1']],
      [false, ['n2', 'n3']],
      [false, ['n4']],
    ]);
  });

  it('derives the batch id from the members, whatever their order', () => {
    const a = groupForSending([row('n2'), row('n3')])[0]!.batchId;
    const b = groupForSending([row('n3'), row('n2')])[0]!.batchId;
    expect(a).toBe(b);
  });

  it('keeps the batch a crashed digest already had, apart from newcomers', () => {
    const groups = groupForSending([
      row('n2', { batch_id: 'b-old' }),
      row('n3', { batch_id: 'b-old' }),
      row('n9'),
    ]);
    expect(groups.map((g) => [g.batchId === 'b-old', g.notices.length])).toEqual([
      [true, 2],
      [false, 1],
    ]);
  });
});
