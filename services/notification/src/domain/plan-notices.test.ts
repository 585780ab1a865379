import { sampleEvent } from '@forewarn/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { interpret } from './interpret.js';
import { planNotices } from './plan-notices.js';
import type { Contact } from './preferences.js';
import type { Trigger } from './triggers.js';

const delay = (tier: 'enterprise' | 'retail' | 'regional_reseller' = 'enterprise'): Trigger =>
  interpret(sampleEvent('shipment.eta-changed', { payload: { customerTier: tier } })).trigger!;

const buyer: Contact = {
  contactId: 'buyer',
  customerId: 'C-ACME',
  email: 'buyer@acme.example',
  phone: '+15550100',
  webhookUrl: 'https://acme.example/hooks',
  preferences: {},
};
// 02:00 in New York on a Thursday: inside default retail quiet hours (21:00-08:00).
const night = new Date('2025-03-06T07:00:00Z');

describe('planNotices', () => {
  it('given an enterprise contact, sends at once by webhook with email as failover', () => {
    const [n, ...rest] = planNotices(delay(), [buyer], night);
    expect(rest).toEqual([]);
    expect(n!.destinations.map((d) => d.channel)).toEqual(['webhook', 'email']);
    expect(n!.dueAt).toEqual(night);
    expect(n!.language).toBe('en');
  });

  it('given a retail contact at night, defers email and SMS to the end of quiet hours', () => {
    const notices = planNotices(delay('retail'), [buyer], night);
    expect(notices.map((n) => n.destinations.map((d) => d.channel))).toEqual([['email'], ['sms']]);
    for (const n of notices) expect(n.dueAt.toISOString()).toBe('2025-03-06T13:00:00.000Z');
  });

  it('given two events answering the same request, plans the same notice (sent once)', () => {
    const answer = (eventId: string): Trigger => ({
      ...delay(),
      eventId,
      template: 'request.received',
      onceFor: 'request:rq-1',
    });
    const [a] = planNotices(answer('case-opened-event'), [buyer], night);
    const [b] = planNotices(answer('case-updated-event'), [buyer], night);
    expect(a!.idempotencyKey).toBe(b!.idempotencyKey);
    expect(a!.noticeId).toBe(b!.noticeId);
    const [other] = planNotices({ ...answer('x'), onceFor: 'request:rq-2' }, [buyer], night);
    expect(other!.idempotencyKey).not.toBe(a!.idempotencyKey);
  });

  it('given a critical trigger, bypasses quiet hours and digests', () => {
    const digester: Contact = { ...buyer, preferences: { mode: 'digest', digestAt: '17:00' } };
    const critical = { ...delay('retail'), critical: true };
    for (const n of planNotices(critical, [digester], night)) {
      expect(n.dueAt).toEqual(night);
      expect(n.mode).toBe('immediate');
    }
  });

  it('given a digest contact, schedules for the next digest time in their zone', () => {
    const digester: Contact = {
      ...buyer,
      preferences: {
        mode: 'digest',
        digestAt: '17:00',
        timeZone: 'Europe/Paris',
        channels: ['email'],
      },
    };
    const [n] = planNotices(delay('regional_reseller'), [digester], night);
    expect(n!.mode).toBe('digest');
    expect(n!.dueAt.toISOString()).toBe('2025-03-06T16:00:00.000Z');
  });

  it('skips contacts who opted out of the kind, and drops channels without an address', () => {
    const optedOut: Contact = {
      ...buyer,
      contactId: 'ops',
      preferences: { events: ['shipment.delivered'] },
    };
    const emailOnly: Contact = {
      contactId: 'e',
      customerId: 'C-ACME',
      email: 'e@x.example',
      preferences: {},
    };
    const notices = planNotices(delay(), [optedOut, emailOnly], night);
    expect(notices.map((n) => [n.contactId, n.destinations.map((d) => d.channel)])).toEqual([
      ['e', ['email']],
    ]);
  });

  it('gives the same notice the same idempotency key on replay, and another to another contact', () => {
    const t = delay();
    const a = planNotices(t, [buyer], night)[0]!;
    const again = planNotices(t, [buyer], new Date())[0]!;
    const other = planNotices(t, [{ ...buyer, contactId: 'b2' }], night)[0]!;
    expect(again.idempotencyKey).toBe(a.idempotencyKey);
    expect(again.noticeId).toBe(a.noticeId);
    expect(other.idempotencyKey).not.toBe(a.idempotencyKey);
  });

  it('uses the contact language', () => {
    const fr: Contact = { ...buyer, preferences: { language: 'fr' } };
    expect(planNotices(delay(), [fr], night)[0]!.language).toBe('fr');
  });
});
