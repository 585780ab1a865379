import { describe, expect, it } from 'vitest';
import type { GroundTruthEntry } from '../ground-truth.js';
import { scoreDetection } from './score.js';

const truth = (
  id: string,
  exceptionType: string,
  subjectId: string,
  extra: Partial<GroundTruthEntry> = {},
) =>
  ({
    id,
    exceptionType,
    variant: '',
    subject: { kind: 'order', id: subjectId },
    injectedAt: '2025-03-10T10:00:00Z',
    detectableBy: '2025-03-10T10:00:00Z',
    deliberate: true,
    note: '',
    ...extra,
  }) as GroundTruthEntry;

describe('scoreDetection', () => {
  it('counts hits, misses and false alarms per type', () => {
    const scores = scoreDetection(
      [truth('1', 'short_pick_backorder', 'SO-1'), truth('2', 'short_pick_backorder', 'SO-2')],
      [
        { caseType: 'short_pick_backorder', subject: { kind: 'order', id: 'SO-1' } },
        { caseType: 'short_pick_backorder', subject: { kind: 'order', id: 'SO-9' } },
      ],
    );
    expect(scores.short_pick_backorder).toMatchObject({
      expected: 2,
      detected: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
      missed: ['order:SO-2'],
      unexpected: ['order:SO-9'],
    });
  });

  it('matches a shipment case filed under the tracking number', () => {
    const scores = scoreDetection(
      [
        truth('1', 'carrier_exception', 'SH-1', {
          subject: { kind: 'shipment', id: 'SH-1' },
          trackingNumber: '1Z999',
        }),
      ],
      [{ caseType: 'carrier_exception', subject: { kind: 'shipment', id: '1Z999' } }],
    );
    expect(scores.carrier_exception?.recall).toBe(1);
    expect(scores.carrier_exception?.precision).toBe(1);
  });

  it('a case type the truth never mentions has no recall and zero precision', () => {
    const scores = scoreDetection(
      [],
      [{ caseType: 'stalled_shipment', subject: { kind: 'shipment', id: 'S' } }],
    );
    expect(scores.stalled_shipment).toMatchObject({ precision: 0, recall: null });
  });

  it('leaves out cases detectable only after the window the truth covers', () => {
    const scores = scoreDetection(
      [
        truth('1', 'source_feed_stalled', 'erp:sap', {
          subject: { kind: 'source_system', id: 'erp:sap' },
        }),
      ],
      [
        {
          caseType: 'source_feed_stalled',
          subject: { kind: 'source_system', id: 'erp:sap' },
          detectedAt: '2025-03-17T14:00:00Z',
        },
        {
          caseType: 'source_feed_stalled',
          subject: { kind: 'source_system', id: 'erp:sap' },
          detectedAt: '2025-03-18T13:00:00Z',
        },
      ],
      { end: '2025-03-18T04:00:00Z' },
    );
    expect(scores.source_feed_stalled).toMatchObject({ detected: 1, precision: 1, recall: 1 });
  });
});
