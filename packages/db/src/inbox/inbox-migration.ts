import { qualify } from '../identifiers.js';

/**
 * SQL creating `<schema>.inbox`: one row per (consumer, message) already applied, written in
 * the same transaction as the message's effects so the two commit or vanish together.
 */
export function inboxMigration(schema: string): string {
  const table = qualify(schema, 'inbox');
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  consumer text NOT NULL,
  message_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
CREATE INDEX IF NOT EXISTS inbox_processed_at_idx ON ${table} (processed_at);
`;
}

/**
 * SQL keying `<schema>.inbox` on (consumer, source, message_id): event ids are unique per
 * source system only, so two sources reusing an id are two messages. Append it to the
 * service's own migrations. Markers written before keep source '' and still absorb a
 * redelivery of their id from any source (see batch.ts), until retention prunes them. A
 * service that packed the source into the id (`<source><separator><id>`) gets its markers
 * split back into the two columns instead.
 */
export function inboxSourceMigration(
  schema: string,
  { legacySeparator }: { legacySeparator?: '/' | '|' } = {},
): string {
  const table = qualify(schema, 'inbox');
  const split =
    legacySeparator === undefined
      ? ''
      : `
UPDATE ${table}
   SET source = split_part(message_id, '${legacySeparator}', 1),
       message_id = substr(message_id, strpos(message_id, '${legacySeparator}') + 1)
 WHERE strpos(message_id, '${legacySeparator}') > 0;`;
  return `
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT '';
ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS inbox_pkey;${split}
ALTER TABLE ${table} ADD PRIMARY KEY (consumer, source, message_id);
`;
}
