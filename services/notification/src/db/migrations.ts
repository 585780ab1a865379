import { inboxSourceMigration, outboxParkingMigration, type Migration } from '@forewarn/db';

export const migrations: Migration[] = [
  {
    id: '0001_contacts',
    sql: `
CREATE TABLE customers (
  customer_id text PRIMARY KEY,
  name text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE contacts (
  contact_id text PRIMARY KEY,
  customer_id text NOT NULL,
  name text,
  email text,
  phone text,
  webhook_url text,
  webhook_secret text,
  preferences jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_customer_idx ON contacts (customer_id);`,
  },
  {
    id: '0002_notices',
    sql: `
CREATE TABLE notices (
  notice_id uuid PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  customer_id text NOT NULL,
  contact_id text NOT NULL,
  recipient text NOT NULL,
  template text NOT NULL,
  language text NOT NULL,
  time_zone text NOT NULL,
  destinations jsonb NOT NULL,
  destination_index int NOT NULL DEFAULT 0,
  channel text NOT NULL,
  address text NOT NULL,
  mode text NOT NULL,
  critical boolean NOT NULL,
  context jsonb NOT NULL,
  trigger_event_id text NOT NULL,
  trigger_type text NOT NULL,
  case_id text,
  order_id text,
  shipment_id text,
  tracking_reference text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'unknown', 'sent', 'dead', 'delivered', 'bounced')),
  due_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  resends int NOT NULL DEFAULT 0,
  channel_attempts int NOT NULL DEFAULT 0,
  sending_since timestamptz,
  batch_id uuid,
  provider_message_id text,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX notices_due_idx ON notices (channel, next_attempt_at) WHERE status = 'pending';
CREATE INDEX notices_sending_idx ON notices (sending_since) WHERE status IN ('sending', 'unknown');
CREATE INDEX notices_customer_idx ON notices (customer_id, created_at);
CREATE INDEX notices_order_idx ON notices (order_id);
CREATE INDEX notices_provider_idx ON notices (provider_message_id);

CREATE TABLE delivery_log (
  entry_id bigserial PRIMARY KEY,
  notice_id uuid NOT NULL REFERENCES notices,
  kind text NOT NULL CHECK (kind IN ('attempt', 'callback', 'recovery', 'resend')),
  attempt int,
  channel text NOT NULL,
  address text NOT NULL,
  batch_id uuid,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL,
  error text,
  provider_message_id text
);
CREATE INDEX delivery_log_notice_idx ON delivery_log (notice_id, entry_id);`,
  },
  {
    id: '0003_proactivity',
    sql: `
CREATE TABLE exceptions (
  case_id text PRIMARY KEY,
  customer_id text NOT NULL,
  case_type text NOT NULL,
  order_id text,
  shipment_id text,
  opened_at timestamptz NOT NULL,
  first_told_at timestamptz,
  first_notice_id uuid,
  customer_contacted_at timestamptz,
  resolved_at timestamptz
);
CREATE INDEX exceptions_customer_idx ON exceptions (customer_id, opened_at);
CREATE TABLE customer_contacts (
  customer_id text NOT NULL,
  case_id text,
  order_id text,
  shipment_id text,
  at timestamptz NOT NULL
);
CREATE INDEX customer_contacts_idx ON customer_contacts (customer_id, at);`,
  },
  // The inbox keyed on (source system, event id); the outbox parks what it cannot publish.
  { id: '9001_inbox_source', sql: inboxSourceMigration('notifications') },
  { id: '9002_outbox_parking', sql: outboxParkingMigration('notifications') },
  // A send is leased (owner + expiry, renewed while the provider call runs) instead of being
  // judged stale after a fixed time; accepted_at marks a send the provider took but we could
  // not record, so it is settled as sent and never repeated.
  {
    id: '0004_delivery_lease',
    sql: `
ALTER TABLE notices ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz,
  ADD COLUMN accepted_at timestamptz;
UPDATE notices SET lease_until = sending_since + interval '120 seconds' WHERE status = 'sending';
CREATE INDEX notices_lease_idx ON notices (lease_until) WHERE status = 'sending';`,
  },
  // The console's case page lists the notices sent on one case (GET /v1/notices?caseId=).
  {
    id: '0005_notices_case',
    sql: 'CREATE INDEX notices_case_idx ON notices (case_id, created_at);',
  },
  // With tracing on, a notice keeps its trigger's trace context; its send continues that trace.
  {
    id: '0006_notices_trace_context',
    sql: 'ALTER TABLE notices ADD COLUMN trace_context jsonb;',
  },
  {
    // The customer's tier as the case stated it, so the proactive ratio splits by tier like the
    // dashboard's other figures; exceptions recorded before stay out of any tier.
    id: '0007_exceptions_tier',
    sql: `ALTER TABLE exceptions ADD COLUMN customer_tier text;
CREATE INDEX exceptions_tier_idx ON exceptions (customer_tier, opened_at);`,
  },
  {
    // The site of each order and the carrier of each shipment, from the order and shipment
    // services' events, so the proactivity KPIs split by site and carrier like the dashboard.
    id: '0008_subject_sites_carriers',
    sql: `CREATE TABLE order_sites (order_id text PRIMARY KEY, site_id text NOT NULL);
CREATE INDEX order_sites_site_idx ON order_sites (site_id);
CREATE TABLE shipment_carriers (
  shipment_id text PRIMARY KEY,
  order_id text NOT NULL,
  carrier text NOT NULL
);
CREATE INDEX shipment_carriers_carrier_idx ON shipment_carriers (carrier, order_id);`,
  },
];
