import { describe, expect, it } from 'vitest';
import { emptyDoorStats } from '../door-client.js';
import { doorLines, noticesByKind } from './report.js';

describe('doorLines', () => {
  it('says how much went through each door and what each refused', () => {
    const d = emptyDoorStats();
    d.kafka = { ...d.kafka, messages: 6900, rejected: 26 };
    d.events = {
      ...d.events,
      messages: 983,
      requests: 322,
      rejected: 4,
      accepted: 956,
      duplicates: 23,
    };
    d.webhook = { ...d.webhook, messages: 931, requests: 931, rejected: 3 };
    d.edi = { ...d.edi, messages: 3116, requests: 839, transactions: 2608, rejected: 25 };
    const text = doorLines({ edi: 'ups', webhook: 'purolator', eventsShare: 0.21 }, d).join('\n');
    expect(text).toContain(
      'sent: kafka 6900, /v1/events 983 (322 batches), webhook 931 (931 calls), EDI 839 files (2608 transactions, 3116 statuses)',
    );
    expect(text).toContain('rejected: kafka 26 malformed');
    expect(text).toContain('/v1/events 4, webhook 3, EDI 25 files');
    expect(text).toContain('ups sends 214 files');
    expect(text).toContain('21 % of ERP/WMS orders');
  });

  it('says nothing when everything went straight to Kafka', () => {
    expect(doorLines(undefined, undefined)).toEqual([]);
  });
});

describe('noticesByKind', () => {
  it('adds triggers up per kind and keeps a kind that sent nothing at 0', () => {
    expect(
      noticesByKind({
        'order.confirmed': 12,
        'order.backorder': 2,
        'shipment.shipped': 0,
        'shipment.delayed': 0,
        'exception.notice': 3,
        'case.update': 4,
      }),
    ).toEqual({ order: 14, shipment: 0, case: 7 });
  });
});
