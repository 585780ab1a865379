import { describe, expect, it } from 'vitest';
import { combine, holdingWrites, together } from './held-writes.js';

/** A client that records what reaches it. */
function recorder() {
  const sent: { text: string; values: unknown[] }[] = [];
  const db = {
    query: (text: string, values: unknown[] = []) => {
      sent.push({ text, values });
      return Promise.resolve({ rows: [{ x: 1 }], rowCount: 1 });
    },
  };
  return { sent, db: db as never };
}

describe('held writes', () => {
  it('combines writes as CTEs of one statement, each parameter renumbered after the ones before', () => {
    const got = combine([
      { text: 'INSERT INTO a SELECT * FROM unnest($1::text[], $2::int[])', values: [['x'], [1]] },
      { text: 'DELETE FROM b WHERE id = ANY($1) AND $1 IS NOT NULL', values: [['y']] },
      { text: 'UPDATE c SET v = $2 WHERE k = $1', values: ['k', 'v'] },
    ]);
    expect(got.text).toBe(
      'WITH w0 AS (INSERT INTO a SELECT * FROM unnest($1::text[], $2::int[])),\n' +
        'w1 AS (DELETE FROM b WHERE id = ANY($3) AND $3 IS NOT NULL),\n' +
        'w2 AS (UPDATE c SET v = $5 WHERE k = $4)\nSELECT 1',
    );
    expect(got.values).toEqual([['x'], [1], ['y'], 'k', 'v']);
  });

  it('sends what `together` held as one statement, and reads outside it straight through', async () => {
    const { sent, db } = recorder();
    const held = holdingWrites(db);
    await held.query('SELECT 1');
    await together(held, async () => {
      await held.query('INSERT INTO a VALUES ($1)', [1]);
      // A nested together joins the outer one.
      await together(held, () => held.query('UPDATE b SET x = $1', [2]).then(() => undefined));
      expect(sent).toHaveLength(1);
    });
    expect(sent.map((s) => s.text)).toEqual([
      'SELECT 1',
      'WITH w0 AS (INSERT INTO a VALUES ($1)),\nw1 AS (UPDATE b SET x = $2)\nSELECT 1',
    ]);
    expect(sent[1]!.values).toEqual([1, 2]);
    expect(holdingWrites(held)).toBe(held);
  });

  it('refuses a read while holding (it would get no rows), and sends nothing when work fails', async () => {
    const { sent, db } = recorder();
    const held = holdingWrites(db);
    await expect(
      together(held, async () => {
        await held.query('INSERT INTO a VALUES ($1)', [1]);
        await held.query('SELECT * FROM a');
      }),
    ).rejects.toThrow(/only INSERT, UPDATE or DELETE/);
    expect(sent).toEqual([]);
    // A single write goes as it is.
    await together(held, () => held.query('DELETE FROM a').then(() => undefined));
    expect(sent).toEqual([{ text: 'DELETE FROM a', values: [] }]);
  });
});
