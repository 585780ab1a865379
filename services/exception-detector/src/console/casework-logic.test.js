// The case-work page's pure parts: approvals badge, remedy filter, assignee pickers, supplier page.
import { describe, expect, it } from 'vitest';
import { assigneeOptions } from './public/case-actions.js';
import {
  approvalsBadgeText,
  assigneeChoices,
  pendingFilterOptions,
  remedyMark,
} from './public/casework.js';
import { purchaseOrderCells, supplierFigures } from './public/supplier-page.js';

const assignees = [
  { userId: 'csr-bob', role: 'csr' },
  { userId: 'lead-ann', role: 'team_lead' },
];

describe('the approvals badge', () => {
  it('counts the remedies the viewer may approve, and says how many wait for someone more senior', () => {
    expect(approvalsBadgeText({ pending: 0, yours: 0 })).toBe('0 remedies await your approval');
    expect(approvalsBadgeText({ pending: 1, yours: 1 })).toBe('1 remedy awaits your approval');
    expect(approvalsBadgeText({ pending: 3, yours: 1 })).toBe(
      '1 remedy awaits your approval; 2 more need a more senior role',
    );
    expect(approvalsBadgeText({ pending: 2, yours: 1 })).toBe(
      '1 remedy awaits your approval; 1 more needs a more senior role',
    );
  });
});

describe('the queue’s remedy filter', () => {
  it('offers “awaiting my approval” only to those who approve', () => {
    expect(pendingFilterOptions(false).map(([v]) => v)).toEqual(['', 'pending']);
    expect(pendingFilterOptions(true).map(([v]) => v)).toEqual(['', 'pending', 'awaiting_me']);
  });
});

describe('a queue row’s approval mark', () => {
  const row = (remedyAwaits) => ({
    status: 'open',
    escalationLevel: 'l1',
    assignee: { userId: null },
    remedyAwaits,
  });
  const lead = { name: 'lead-ann', role: 'team_lead' };
  it('says whose approval the remedy awaits, yours when your role may give it', () => {
    expect(remedyMark(lead, row('team_lead'))).toBe('Remedy awaits your approval');
    expect(remedyMark(lead, row('ops_manager'))).toBe(
      "Remedy awaits an operations manager's approval",
    );
    expect(remedyMark({ name: 'csr-bob', role: 'csr' }, row('team_lead'))).toBe(
      "Remedy awaits a team lead's approval",
    );
    expect(remedyMark({ name: 'exec', role: 'executive' }, row('team_lead'))).toBe(
      'Remedy awaits your approval',
    );
  });
  it('marks nothing when no remedy waits', () => {
    expect(remedyMark(lead, row(null))).toBeNull();
    expect(remedyMark(lead, { ...row(undefined) })).toBeNull();
  });
});

describe('the reassign pickers', () => {
  it('offers to keep the owner, then each assignee with their role, the current owner marked', () => {
    expect(assigneeOptions({ userId: 'csr-bob' }, assignees)).toEqual([
      ['', 'Keep csr-bob'],
      ['csr-bob', 'csr-bob (CSR) (current)'],
      ['lead-ann', 'lead-ann (Team lead)'],
    ]);
    expect(assigneeOptions({ userId: null }, [])).toEqual([
      ['', 'Unassigned (the queue picks it up)'],
    ]);
  });

  it('lets a bulk reassignment keep each owner or name one assignee, nobody else', () => {
    expect(assigneeChoices(assignees)).toEqual([
      ['', 'Keep each owner'],
      ['csr-bob', 'csr-bob (CSR)'],
      ['lead-ann', 'lead-ann (Team lead)'],
    ]);
  });
});

describe('the supplier page', () => {
  const scorecard = {
    supplierId: 'SUP-1',
    supplierName: 'Pumpco',
    purchaseOrders: 4,
    onTimeInFull: 0.75,
    defectRate: 0.125,
    leadTimeAdherence: 0.5,
    meanLeadTimeDeviationDays: 1.25,
    medianAckHours: 3,
    ackWithinTarget: 1,
    open: 1,
    rolling: [
      { days: 7, purchaseOrders: 1, onTimeInFull: null, defectRate: null },
      { days: 30, purchaseOrders: 4, onTimeInFull: 0.75, defectRate: 0.125 },
      { days: 90, purchaseOrders: 4, onTimeInFull: 0.75, defectRate: 0.125 },
    ],
    trend: [],
  };

  it('shows the figures the scorecard list shows, formatted alike', () => {
    expect(Object.fromEntries(supplierFigures(scorecard))).toEqual({
      'Purchase orders': '4',
      'On-time in full': '75.0 %',
      'Defect rate': '12.5 %',
      'Lead-time adherence': '50.0 %',
      'Lead-time deviation': '+1.3 d',
      'Median acknowledgement': '3.0 h',
      'Acknowledged within 24 h': '100.0 %',
      Open: '1',
      'OTIF 7 / 30 / 90 days': 'n/a / 75.0 % / 75.0 %',
    });
    expect(supplierFigures(null)).toEqual([]);
  });

  it('words a purchase order as judged: open ones not yet received or acknowledged', () => {
    const cells = Object.fromEntries(
      purchaseOrderCells({
        poNumber: 'PUR-2',
        issuedAt: '2025-03-01T10:00:00Z',
        dueBy: '2025-03-04T00:00:00Z',
        firstReceivedAt: null,
        completedAt: null,
        onTimeInFull: false,
        leadTimeAdhered: null,
        leadTimeDeviationDays: null,
        ackHours: null,
        orderedUnits: 20,
        receivedUnits: 0,
        rejectedUnits: 0,
      }),
    );
    expect(cells).toMatchObject({
      'First receipt': '—',
      Complete: '—',
      'On time in full': 'No',
      'Within lead time': '—',
      'Lead-time deviation': '—',
      'Acknowledged after': 'not yet',
      Ordered: '20',
      Received: '0',
    });
    expect(
      Object.fromEntries(
        purchaseOrderCells({
          leadTimeAdhered: true,
          leadTimeDeviationDays: -2,
          ackHours: 3,
          onTimeInFull: true,
          orderedUnits: 5,
          receivedUnits: 5,
          rejectedUnits: 1,
        }),
      ),
    ).toMatchObject({
      'On time in full': 'Yes',
      'Within lead time': 'Yes',
      'Lead-time deviation': '-2.0 d',
      'Acknowledged after': '3.0 h',
      Rejected: '1',
    });
  });
});
