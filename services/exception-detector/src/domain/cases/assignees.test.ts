import { describe, expect, it } from 'vitest';
import { assigneeNamed, assigneesOf, type User } from './assignees.js';

const users: User[] = [
  { name: 'lead-ann', role: 'team_lead' },
  { name: 'csr-bob', role: 'csr' },
  { name: 'csr-amy', role: 'csr' },
  { name: 'root-ria', role: 'admin' },
  { name: 'acme-portal', role: 'customer' },
  { name: 'wms-east', role: 'source' },
  { role: 'csr' },
  { name: 'exec-eve', role: 'executive' },
  // The same person on a second key, promoted since: one assignee, in the higher role.
  { name: 'csr-bob', role: 'ops_manager' },
];

describe('assigneesOf', () => {
  it('lists the named users whose role works cases, up the ladder then by name, each once', () => {
    expect(assigneesOf(users)).toEqual([
      { userId: 'csr-amy', role: 'csr' },
      { userId: 'lead-ann', role: 'team_lead' },
      { userId: 'csr-bob', role: 'ops_manager' },
      { userId: 'exec-eve', role: 'executive' },
    ]);
  });

  it('is empty when no key names anyone who works cases', () => {
    expect(assigneesOf([{ role: 'csr' }, { name: 'root', role: 'admin' }])).toEqual([]);
  });
});

describe('assigneeNamed', () => {
  it('finds a user who works cases', () => {
    expect(assigneeNamed(users, 'lead-ann')).toEqual({ userId: 'lead-ann', role: 'team_lead' });
  });

  it('refuses a name no one signs in with', () => {
    expect(() => assigneeNamed(users, 'csr-kim')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ASSIGNEE', kind: 'INVALID_DATA' }),
    );
    // A role is not a person, even though an unnamed key acts under it.
    expect(() => assigneeNamed(users, 'csr')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ASSIGNEE' }),
    );
  });

  it('refuses an admin, a customer key or a source system, saying what role it is', () => {
    for (const [name, role] of [
      ['root-ria', 'admin'],
      ['acme-portal', 'customer'],
      ['wms-east', 'source'],
    ]) {
      expect(() => assigneeNamed(users, name!)).toThrow(
        expect.objectContaining({
          code: 'ASSIGNEE_CANNOT_WORK_CASES',
          message: `${name} signs in as ${role}, a role that does not work cases.`,
        }),
      );
    }
  });
});
