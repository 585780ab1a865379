import {
  sampleAllocationUpdated,
  sampleOrderCancelled,
  sampleOrderCreated,
  samplePickCompleted,
} from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { diff } from './diff.js';
import type { OrderInputEvent } from './events.js';
import { foldOrder } from './fold.js';

const viewOf = (events: OrderInputEvent[]) => foldOrder('SO-1001', events).view;
const created = sampleOrderCreated();
const shortPick = (shortQty: number, occurredAt = '2025-03-04T10:00:00Z') =>
  samplePickCompleted({
    occurredAt,
    payload: {
      lines: [
        { lineNo: 1, sku: 'SKU-BOLT-M8', requestedQty: 100, pickedQty: 100 - shortQty, shortQty },
      ],
    },
  });

describe('diff', () => {
  it('given no order yet, when nothing is known, then no change', () => {
    expect(diff(null, null)).toEqual([]);
  });

  it('given a short pick, when the same wave is re-picked in full, then line-short with 0 (filled)', () => {
    const before = viewOf([created, shortPick(5)]);
    const after = viewOf([created, shortPick(5), shortPick(0, '2025-03-04T12:00:00Z')]);
    expect(diff(before, after)).toEqual([
      { kind: 'line-short', lineNo: 1, source: 'wms_short_pick', shortQty: 0 },
    ]);
  });

  it('given an allocated order, when it is cancelled, then only the status changes', () => {
    const before = viewOf([created, sampleAllocationUpdated()]);
    const after = viewOf([created, sampleAllocationUpdated(), sampleOrderCancelled()]);
    expect(after?.status).toBe('cancelled');
    expect(diff(before, after)).toEqual([{ kind: 'status-changed', previousStatus: 'allocated' }]);
  });

  it('given the same view twice, then nothing to announce', () => {
    const view = viewOf([created, shortPick(5)]);
    expect(diff(view, view)).toEqual([]);
  });
});
