import { describe, expect, it } from 'vitest';
import { packBySubject } from './door-payloads.js';
import { byStatedTime, sourceQueues } from './door-queues.js';
import type { OutgoingSimMessage } from './messages.js';

const msg = (key: string, emitAt: number): OutgoingSimMessage => ({
  emitAt,
  topic: 'source.carrier.tracking',
  key,
  value: Buffer.alloc(0),
  json: '{}',
  malformed: false,
  sourceSystem: 'carrier:ups',
  eventType: 'carrier.tracking.scanned',
  routeKey: key,
});
const MIN = 60_000;

describe('sourceQueues', () => {
  it('keeps a source’s requests in order and sends what piled up for one send time together, never messages of two send times', async () => {
    const sent: { door: string; keys: string[]; at: number }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = sourceQueues(async (door, list, at) => {
      if (sent.length === 0) await gate; // the first request is in flight while more pile up
      sent.push({ door, keys: list.map((m) => m.key), at });
    });
    q.enqueue('carrier:ups', 'edi', [msg('a', 0)], 0);
    q.enqueue('carrier:ups', 'edi', [msg('b', 1 * MIN)], 1 * MIN);
    q.enqueue('carrier:ups', 'events', [msg('pod-b', 2 * MIN)], 2 * MIN);
    q.enqueue('carrier:ups', 'edi', [msg('c', 2 * MIN)], 2 * MIN);
    q.enqueue('carrier:ups', 'edi', [msg('e', 2 * MIN)], 2 * MIN);
    q.enqueue('carrier:ups', 'edi', [msg('d', 30 * MIN)], 30 * MIN);
    release();
    await q.drain();
    expect(sent).toEqual([
      { door: 'edi', keys: ['a'], at: 0 },
      // a minute apart: two files, each stated as sent when its messages were due
      { door: 'edi', keys: ['b'], at: 1 * MIN },
      // due together: one EDI file, then the POD that follows it
      { door: 'edi', keys: ['c', 'e'], at: 2 * MIN },
      { door: 'events', keys: ['pod-b'], at: 2 * MIN },
      { door: 'edi', keys: ['d'], at: 30 * MIN },
    ]);
  });

  it('states each message of a publisher batch with its own due time, history at the window start', () => {
    const batch = [msg('a', 5 * MIN), msg('b', 90 * MIN), msg('c', 5 * MIN), msg('h', -60 * MIN)];
    const groups = byStatedTime(batch, 0).map(([at, l]) => [at, l.map((m) => m.key)]);
    expect(groups).toEqual([
      [0, ['h']],
      [5 * MIN, ['a', 'c']],
      [90 * MIN, ['b']],
    ]);
  });

  it('stops at the first failure and reports it', async () => {
    const q = sourceQueues(async () => {
      throw new Error('refused');
    });
    q.enqueue('erp:sap-prod', 'events', [msg('x', 0)], 0);
    await expect(q.drain()).rejects.toThrow('refused');
    expect(() => q.check()).toThrow('refused');
  });
});

describe('packBySubject', () => {
  it('fills requests up to the size without splitting a subject', () => {
    const list = [msg('a', 1), msg('b', 2), msg('a', 3), msg('c', 4), msg('c', 5), msg('c', 6)];
    const packs = packBySubject(list, (m) => m.key, 3);
    expect(packs.map((p) => p.map((m) => `${m.key}${m.emitAt}`))).toEqual([
      ['a1', 'a3', 'b2'],
      ['c4', 'c5', 'c6'],
    ]);
  });
});
