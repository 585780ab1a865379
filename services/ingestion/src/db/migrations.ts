import { inboxSourceMigration, outboxParkingMigration, type Migration } from '@forewarn/db';

export const migrations: Migration[] = [
  {
    id: '0001_received_events',
    sql: `
CREATE TABLE received_events (
  source_system text NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  topic text NOT NULL,
  outbox_event_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (source_system, event_id)
);`,
  },
  {
    id: '0002_feed_health',
    sql: `
CREATE TABLE feed_health (
  source_system text PRIMARY KEY,
  last_occurred_at timestamptz,
  last_received_at timestamptz,
  events_total bigint NOT NULL DEFAULT 0,
  rejects_total bigint NOT NULL DEFAULT 0,
  dlq_total bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE feed_minutes (
  source_system text NOT NULL,
  minute timestamptz NOT NULL,
  events integer NOT NULL,
  PRIMARY KEY (source_system, minute)
);
CREATE TABLE feed_offsets (
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);`,
  },
  // The inbox keyed on (source system, event id); the outbox parks what it cannot publish.
  { id: '9001_inbox_source', sql: inboxSourceMigration('ingestion') },
  { id: '9002_outbox_parking', sql: outboxParkingMigration('ingestion') },
];
