import { sampleOrderCreated } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { checkBatch, pointer } from './accept.js';
import { ID_SCHEMES, nameUuid } from '@forewarn/platform';

const at = new Date('2025-03-05T12:00:00Z');

describe('checkBatch', () => {
  it('stamps receivedAt, keys by the topic rule and treats in-batch repeats as duplicates', () => {
    const e = sampleOrderCreated({ eventId: 'a', receivedAt: '2000-01-01T00:00:00Z' });
    const result = checkBatch([e, e], 'erp:sap-prod', at);
    expect(result).toMatchObject({ ok: true, duplicatesInBatch: [{ index: 1, eventId: 'a' }] });
    if (result.ok)
      expect(result.candidates[0]).toMatchObject({
        key: 'SO-1001',
        topic: 'source.erp.orders',
        event: { receivedAt: '2025-03-05T12:00:00.000Z' },
      });
  });

  it('lists every issue of every event and flags foreign sources', () => {
    const result = checkBatch(
      [{}, sampleOrderCreated({ sourceSystem: 'erp:other' })],
      'erp:sap-prod',
      at,
    );
    expect(result).toMatchObject({
      ok: false,
      forbidden: true,
      issues: [
        { index: 0, issue: { path: ['type'] } },
        { index: 1, issue: { code: 'source_mismatch' } },
      ],
    });
  });

  it('escapes JSON pointers', () => {
    expect(pointer(['events', 2], ['payload', 'a/b'])).toBe('/events/2/payload/a~1b');
  });
});

describe('outbox ids', () => {
  it('gives a stable UUID per (source, event id)', () => {
    expect(nameUuid(ID_SCHEMES.ingestion, 'erp:x', '1')).toBe(
      nameUuid(ID_SCHEMES.ingestion, 'erp:x', '1'),
    );
    expect(nameUuid(ID_SCHEMES.ingestion, 'erp:x', '1')).not.toBe(
      nameUuid(ID_SCHEMES.ingestion, 'erp:y', '1'),
    );
    expect(nameUuid(ID_SCHEMES.ingestion, 'erp:x', '1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
