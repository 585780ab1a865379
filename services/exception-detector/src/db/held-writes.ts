import type pg from 'pg';

type Q = Pick<pg.ClientBase, 'query'>;
type Held = { text: string; values: unknown[] };

const HOLDING = Symbol('held writes');
type Holding = Q & { [HOLDING]: { held: Held[] | null; db: Q } };

// Only statements that need no answer can wait: a read inside `together` would get no rows.
const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * A client whose writes inside `together` are held and sent as one statement, each a
 * data-modifying CTE of it: one round trip for a batch's write-back. Already holding: itself.
 */
export function holdingWrites(db: Q): Q {
  if (HOLDING in db) return db;
  const state: Holding[typeof HOLDING] = { held: null, db };
  const query = (text: unknown, values?: unknown[]) => {
    if (!state.held) return (db.query as (t: unknown, v?: unknown[]) => unknown)(text, values);
    if (typeof text !== 'string' || !WRITE.test(text))
      return Promise.reject(
        new Error(`only INSERT, UPDATE or DELETE can be held: ${String(text).slice(0, 60)}`),
      );
    state.held.push({ text, values: values ?? [] });
    return Promise.resolve({ rows: [], rowCount: null });
  };
  return { query, [HOLDING]: state } as unknown as Holding;
}

/**
 * One statement of several writes. They share one snapshot and see none of each other's
 * effects, so the callers hold only writes to distinct rows that read nothing another writes.
 */
export function combine(writes: readonly Held[]): Held {
  if (writes.length === 1) return writes[0]!;
  const values: unknown[] = [];
  const ctes = writes.map((w, i) => {
    if (w.text.includes('$$')) throw new Error('a dollar-quoted write cannot be combined');
    const base = values.length;
    values.push(...w.values);
    return `w${i} AS (${w.text.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`)})`;
  });
  return { text: `WITH ${ctes.join(',\n')}\nSELECT 1`, values };
}

/**
 * Runs `work` with the writes it makes through `db` (a holdingWrites client) held, then sends
 * them as one statement. Nested calls join the outer one; on a plain client, runs `work`.
 */
export async function together(db: Q, work: () => Promise<void>): Promise<void> {
  const state = HOLDING in db ? (db as Holding)[HOLDING] : undefined;
  if (!state || state.held) return work();
  state.held = [];
  let held: Held[];
  try {
    await work();
  } finally {
    held = state.held;
    state.held = null;
  }
  if (held.length === 0) return;
  const { text, values } = combine(held);
  await state.db.query(text, values);
}
