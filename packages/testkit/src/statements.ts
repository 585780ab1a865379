import type pg from 'pg';

/** What a pool sent to PostgreSQL, for tests that hold a code path to a number of round trips. */
export interface StatementLog {
  /** Hand this to the code under test: its own queries and its clients' are recorded. */
  pool: pg.Pool;
  /** Every statement's SQL, trimmed, in the order sent (a query config by its `text`). */
  statements: string[];
  /** The statements of each client checkout, one list per checkout, in checkout order. */
  checkouts: string[][];
  /**
   * The size of each transaction run on a checked-out client, BEGIN and COMMIT (or ROLLBACK)
   * included: what the client sent since its checkout or its previous COMMIT/ROLLBACK.
   */
  transactionSizes: number[];
}

type Query = (...args: unknown[]) => unknown;

const sqlOf = (arg: unknown): string =>
  (typeof arg === 'string' ? arg : String((arg as { text?: unknown } | null)?.text ?? '')).trim();

/**
 * A view of `pool` that records every statement. The clients it hands out are the pool's own
 * (released to it as usual), so transactions, locks and errors behave exactly as without it.
 */
export function recordStatements(pool: pg.Pool): StatementLog {
  const log: StatementLog = {
    pool: Object.create(pool) as pg.Pool,
    statements: [],
    checkouts: [],
    transactionSizes: [],
  };
  const poolQuery = pool.query.bind(pool) as Query;
  log.pool.query = ((...args: unknown[]) => {
    log.statements.push(sqlOf(args[0]));
    return poolQuery(...args);
  }) as pg.Pool['query'];
  log.pool.connect = (async () => {
    const client = await pool.connect();
    const sent: string[] = [];
    log.checkouts.push(sent);
    const query = client.query.bind(client) as Query;
    let inTransaction = 0;
    return Object.assign(Object.create(client) as pg.PoolClient, {
      query: (...args: unknown[]) => {
        const sql = sqlOf(args[0]);
        log.statements.push(sql);
        sent.push(sql);
        inTransaction += 1;
        if (sql === 'COMMIT' || sql === 'ROLLBACK') {
          log.transactionSizes.push(inTransaction);
          inTransaction = 0;
        }
        return query(...args);
      },
      release: (err?: Error | boolean) => client.release(err),
    });
  }) as pg.Pool['connect'];
  return log;
}
