import { createHash } from 'node:crypto';

// Lowercase only, so the name means the same quoted or not; 48 characters leaves room for the
// suffixes we derive from it (the NOTIFY channel) inside PostgreSQL's 63-byte identifier limit.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** Schema names are spliced into SQL and connection options, so only plain identifiers pass. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(
      `invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _ (max 48)`,
    );
  }
  return schema;
}

/** `"schema"."table"`, or the bare table when the caller relies on its search_path. */
export function qualify(schema: string | undefined, table: string): string {
  return schema === undefined ? `"${table}"` : `"${assertSchemaName(schema)}"."${table}"`;
}

/** The LISTEN/NOTIFY channel on which a schema's outbox announces new rows. */
export function outboxChannel(schema: string): string {
  return `${assertSchemaName(schema)}_outbox`;
}

/**
 * A stable 64-bit advisory lock key for a name, as a decimal string for a `$1::bigint`
 * parameter. Derived from SHA-256 rather than PostgreSQL's hashtext(), whose output is not
 * promised to stay the same across server versions.
 */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(`forewarn:${name}`).digest().readBigInt64BE(0).toString();
}
