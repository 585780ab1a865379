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
  // What each X12 interchange was, how it was judged and what we answered; the unique index is
  // X12's duplicate rule (sender and ISA-13), repeats kept as rows pointing at the first.
  {
    id: '0003_edi_interchanges',
    sql: `
CREATE TABLE edi_interchanges (
  id uuid PRIMARY KEY,
  source_system text NOT NULL,
  sender_qualifier text NOT NULL,
  sender_id text NOT NULL,
  receiver_qualifier text NOT NULL,
  receiver_id text NOT NULL,
  control_number text NOT NULL,
  version text NOT NULL,
  group_control_numbers text[] NOT NULL,
  groups jsonb NOT NULL,
  transaction_sets jsonb NOT NULL,
  status text NOT NULL
    CHECK (status IN ('accepted', 'accepted_with_errors', 'partially_accepted', 'rejected')),
  duplicate_of uuid REFERENCES edi_interchanges (id),
  acknowledgement text NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX edi_interchanges_first
  ON edi_interchanges (sender_qualifier, sender_id, control_number) WHERE duplicate_of IS NULL;
CREATE INDEX edi_interchanges_recent ON edi_interchanges (received_at DESC, id DESC);
CREATE INDEX edi_interchanges_by_source
  ON edi_interchanges (source_system, received_at DESC, id DESC);`,
  },
  {
    // A body that is not X12 at all (or whose ISA cannot be read) is kept too, so "did our file
    // arrive?" has an answer even when it could not be parsed: no envelope facts, the reason and
    // the first characters received.
    id: '0004_edi_unreadable',
    sql: `
ALTER TABLE edi_interchanges
  ALTER COLUMN sender_qualifier DROP NOT NULL,
  ALTER COLUMN sender_id DROP NOT NULL,
  ALTER COLUMN receiver_qualifier DROP NOT NULL,
  ALTER COLUMN receiver_id DROP NOT NULL,
  ALTER COLUMN control_number DROP NOT NULL,
  ALTER COLUMN version DROP NOT NULL,
  ADD COLUMN refusal jsonb,
  ADD COLUMN excerpt text,
  ADD COLUMN size_bytes integer;
ALTER TABLE edi_interchanges DROP CONSTRAINT edi_interchanges_status_check;
ALTER TABLE edi_interchanges ADD CONSTRAINT edi_interchanges_status_check
  CHECK (status IN ('accepted', 'accepted_with_errors', 'partially_accepted', 'rejected', 'unreadable'));
ALTER TABLE edi_interchanges ADD CONSTRAINT edi_interchanges_unreadable_has_reason
  CHECK ((status = 'unreadable') = (refusal IS NOT NULL));`,
  },
];
