import { describe, expect, it } from 'vitest';
import { migrationChecksum, MigrationError, planMigrations, type Migration } from './plan.js';

const m = (id: string, sql = `-- ${id}`): Migration => ({ id, sql });
const applied = (x: Migration) => ({ id: x.id, checksum: migrationChecksum(x.sql) });

describe('planMigrations', () => {
  it('runs everything on an empty database, in list order', () => {
    const list = [m('0001'), m('0002'), m('0003')];
    expect(planMigrations(list, []).pending.map((x) => x.id)).toEqual(['0001', '0002', '0003']);
  });

  it('runs only what is not applied yet', () => {
    const list = [m('0001'), m('0002'), m('0003')];
    const plan = planMigrations(list, [applied(list[0]!), applied(list[1]!)]);
    expect(plan.pending.map((x) => x.id)).toEqual(['0003']);
    expect(plan.unknown).toEqual([]);
  });

  it('refuses an applied migration whose SQL changed', () => {
    const original = m('0001', 'create table a (id int);');
    const edited = m('0001', 'create table a (id bigint);');
    expect(() => planMigrations([edited], [applied(original)])).toThrow(MigrationError);
    expect(() => planMigrations([edited], [applied(original)])).toThrow(/edited/);
  });

  it('treats CRLF and LF as the same SQL', () => {
    const lf = m('0001', 'select 1;\nselect 2;');
    const crlf = m('0001', 'select 1;\r\nselect 2;');
    expect(planMigrations([crlf], [applied(lf)]).pending).toEqual([]);
  });

  it('refuses a new migration slipped in before an applied one', () => {
    const list = [m('0001'), m('0001b'), m('0002')];
    expect(() => planMigrations(list, [applied(list[0]!), applied(list[2]!)])).toThrow(
      /0001b is not applied but is listed before applied migration 0002/,
    );
  });

  it('refuses duplicate ids', () => {
    expect(() => planMigrations([m('0001'), m('0001', 'other')], [])).toThrow(/listed twice/);
  });

  it('reports applied migrations the code does not know', () => {
    const list = [m('0001')];
    const plan = planMigrations(list, [applied(list[0]!), { id: '0002', checksum: 'x' }]);
    expect(plan).toEqual({ pending: [], unknown: ['0002'] });
  });
});
