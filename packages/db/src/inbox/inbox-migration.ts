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
