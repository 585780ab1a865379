import { outboxChannel, qualify } from '../identifiers.js';

/**
 * SQL creating `<schema>.outbox`: rows written in the business transaction and published by
 * the relay in `id` order. A statement-level trigger NOTIFYs the relay, so it wakes on commit
 * (NOTIFY is transactional: a rolled-back insert wakes nobody) whatever code path inserted.
 */
export function outboxMigration(schema: string): string {
  const table = qualify(schema, 'outbox');
  const fn = qualify(schema, 'outbox_notify');
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  key text,
  value bytea NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON ${table} (id) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_published_at_idx ON ${table} (published_at)
  WHERE published_at IS NOT NULL;
CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${outboxChannel(schema)}', '');
  RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS outbox_notify ON ${table};
CREATE TRIGGER outbox_notify AFTER INSERT ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
`;
}
