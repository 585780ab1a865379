import { createHash } from 'node:crypto';

export interface Migration {
  /** Stable and unique within the schema, e.g. `0001_orders`. Never rename an applied one. */
  id: string;
  sql: string;
}

export interface AppliedMigration {
  id: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** SHA-256 of the SQL, with line endings normalised so a checkout's CRLF is not an "edit". */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Decides which migrations still have to run. Refuses (rather than guesses) when the code and
 * the database disagree about history: a duplicate id, an applied migration whose SQL changed,
 * or a new migration listed before one that is already applied (its position in the list would
 * lie about the order the database went through). Applied ids the code does not know are
 * returned as `unknown` (an older build during a rollout), for the caller to log.
 */
export function planMigrations(
  migrations: readonly Migration[],
  applied: readonly AppliedMigration[],
): { pending: Migration[]; unknown: string[] } {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new MigrationError(`migration id ${m.id} is listed twice`);
    seen.add(m.id);
  }
  const appliedById = new Map(applied.map((a) => [a.id, a.checksum]));
  const pending: Migration[] = [];
  for (const m of migrations) {
    const checksum = appliedById.get(m.id);
    if (checksum === undefined) {
      pending.push(m);
      continue;
    }
    if (checksum !== migrationChecksum(m.sql)) {
      throw new MigrationError(
        `migration ${m.id} was edited after it was applied (checksum mismatch): add a new migration instead`,
      );
    }
    const skipped = pending[0];
    if (skipped !== undefined) {
      throw new MigrationError(
        `migration ${skipped.id} is not applied but is listed before applied migration ${m.id}: add new migrations at the end`,
      );
    }
  }
  const unknown = applied.map((a) => a.id).filter((id) => !seen.has(id));
  return { pending, unknown };
}
