import { describe, expect, it } from 'vitest';
import { groupByTopic, type OutboxRow } from './messages.js';

const row = (id: number, topic: string, key: string | null, headers = {}): OutboxRow => ({
  id: String(id),
  event_id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  topic,
  key,
  value: Buffer.from(`v${id}`),
  headers,
});

describe('groupByTopic', () => {
  it('makes one send per topic, keeping id order inside each', () => {
    const sends = groupByTopic([
      row(1, 'a', 'k1'),
      row(2, 'b', 'k1'),
      row(3, 'a', 'k2'),
      row(4, 'a', 'k1'),
    ]);
    expect(sends.map((s) => s.topic)).toEqual(['a', 'b']);
    expect(sends[0]!.messages.map((m) => m.value.toString())).toEqual(['v1', 'v3', 'v4']);
    expect(sends[1]!.messages.map((m) => m.value.toString())).toEqual(['v2']);
  });

  it('adds the event id header over any stored header of that name', () => {
    const [send] = groupByTopic([row(7, 'a', null, { 'event-id': 'forged', trace: 't1' })]);
    expect(send!.messages[0]).toEqual({
      key: null,
      value: Buffer.from('v7'),
      headers: { 'event-id': '00000000-0000-4000-8000-000000000007', trace: 't1' },
    });
  });

  it('gives nothing for no rows', () => {
    expect(groupByTopic([])).toEqual([]);
  });
});
