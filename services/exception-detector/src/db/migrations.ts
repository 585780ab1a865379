import { inboxSourceMigration, outboxParkingMigration, type Migration } from '@forewarn/db';
import { CONSUMER_PROGRESS_TABLE } from '@forewarn/runtime';

/** The detector's own schema: projections, cases, their audit trail, SLA breaches and timers. */
export const migrations: Migration[] = [
  {
    id: '0001_projections',
    sql: `
CREATE TABLE order_views (
  tenant_id text NOT NULL,
  order_id text NOT NULL,
  customer_id text NOT NULL,
  po_number text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, order_id)
);
CREATE INDEX order_views_lines_idx ON order_views USING gin ((data -> 'lines') jsonb_path_ops);
CREATE INDEX order_views_po_idx ON order_views (tenant_id, customer_id, po_number);
CREATE TABLE shipment_views (
  tenant_id text NOT NULL,
  shipment_id text NOT NULL,
  order_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, shipment_id)
);
CREATE INDEX shipment_views_tracking_idx ON shipment_views USING gin ((data -> 'trackingNumbers'));
`,
  },
  {
    id: '0002_cases',
    sql: `
CREATE TABLE cases (
  case_id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  case_type text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL,
  origin text NOT NULL,
  customer_id text,
  customer_tier text,
  assignee_user text,
  queue text NOT NULL,
  priority text NOT NULL,
  escalation_level text NOT NULL,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  next_due_at timestamptz,
  paused boolean NOT NULL DEFAULT false,
  breached boolean NOT NULL DEFAULT false,
  version integer NOT NULL,
  data jsonb NOT NULL
);
-- One open case per (subject, exception type), whatever races the consumer and the poller run.
CREATE UNIQUE INDEX cases_one_open_idx ON cases (tenant_id, subject_kind, subject_id, case_type)
  WHERE status IN ('open', 'in_progress', 'waiting_on_customer');
CREATE INDEX cases_customer_type_idx ON cases (tenant_id, customer_id, case_type, opened_at DESC);
CREATE INDEX cases_queue_idx ON cases (tenant_id, next_due_at, case_id);
CREATE TABLE case_audit (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (case_id),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  role text,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_audit_case_idx ON case_audit (case_id, id);
CREATE TABLE sla_breaches (
  tenant_id text NOT NULL,
  case_id uuid NOT NULL,
  customer_id text,
  clock text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, clock, at)
);
CREATE INDEX sla_breaches_customer_idx ON sla_breaches (tenant_id, customer_id, at);
`,
  },
  {
    id: '0003_timers',
    sql: `
CREATE TABLE timers (
  timer_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  spec jsonb NOT NULL,
  fired_at timestamptz,
  cancelled_at timestamptz
);
CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
`,
  },
  {
    id: '0004_crm_sync',
    sql: `
-- One job per (case, case version, target), written with the case change; the worker sends it.
CREATE TABLE crm_sync (
  job_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  case_id uuid NOT NULL,
  case_version integer NOT NULL,
  target text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  crm_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (case_id, case_version, target)
);
CREATE INDEX crm_sync_due_idx ON crm_sync (next_attempt_at, job_id) WHERE status = 'pending';
CREATE INDEX crm_sync_case_idx ON crm_sync (case_id, target, case_version);
CREATE INDEX crm_sync_status_idx ON crm_sync (tenant_id, status, updated_at DESC);
-- The CRM's own id per (case, target), once a send returned it: later versions update it.
CREATE TABLE crm_links (
  case_id uuid NOT NULL,
  target text NOT NULL,
  system text NOT NULL,
  crm_id text NOT NULL,
  linked_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, target)
);
`,
  },
  {
    id: '0005_customer_notices',
    sql: `
-- Notices the notification service sent: they mark cases as told, also cases opened later.
CREATE TABLE customer_notices (
  tenant_id text NOT NULL,
  notification_id text NOT NULL,
  trigger_event_id text NOT NULL,
  case_id uuid,
  sent_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, notification_id)
);
CREATE INDEX customer_notices_trigger_idx ON customer_notices (tenant_id, trigger_event_id, sent_at);
CREATE INDEX cases_subject_idx ON cases (tenant_id, subject_kind, subject_id);
`,
  },
  {
    id: '0006_timer_attempts',
    sql: `
-- A timer whose effects keep failing is retried with backoff, then parked as dead, so it can
-- neither fire twice nor hold back the timers due after it.
ALTER TABLE timers
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN retry_at timestamptz,
  ADD COLUMN dead_at timestamptz,
  ADD COLUMN last_error text;
DROP INDEX timers_due_idx;
CREATE INDEX timers_due_idx ON timers (due_at)
  WHERE fired_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL;
`,
  },
  {
    id: '0007_feed_state',
    sql: `
-- The latest send of each source system (by its send time), so silences are judged by when
-- sources sent, whatever order partitions and instances deliver their messages in.
CREATE TABLE feed_state (
  tenant_id text NOT NULL,
  source_system text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, source_system)
);
CREATE INDEX timers_kind_idx ON timers (tenant_id, kind) WHERE fired_at IS NULL AND cancelled_at IS NULL;
-- Rules that need both sides re-evaluate an order's shipments when the order changes.
CREATE INDEX shipment_views_order_idx ON shipment_views (tenant_id, order_id);
-- Ship-confirms as the WMS sent them (one hop, before the shipment and order services announce
-- them): the late-shipment timer checks them, so a lagging service cannot make it fire.
CREATE TABLE order_shipped (
  tenant_id text NOT NULL,
  order_id text NOT NULL,
  shipped_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, order_id)
);
-- How far the detector has applied each source partition, with the latest send time seen:
-- absence timers fire only once every source partition is read past their deadline.
${CONSUMER_PROGRESS_TABLE.trim()}
-- Carrier scan times per tracking number, read straight from the carriers' feed: a reported
-- silence (shipment.no-scan-yet) is checked against them before it opens a case.
CREATE TABLE parcel_scans (
  tenant_id text NOT NULL,
  tracking_number text NOT NULL,
  scans jsonb NOT NULL,
  PRIMARY KEY (tenant_id, tracking_number)
);
-- Short cycle counts and stock corrections per SKU, judged against the orders holding it.
CREATE TABLE sku_views (
  tenant_id text NOT NULL,
  sku text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, sku)
);
`,
  },
  // The inbox keyed on (source system, event id); the outbox parks what it cannot publish.
  { id: '9001_inbox_source', sql: inboxSourceMigration('detector', { legacySeparator: '|' }) },
  { id: '9002_outbox_parking', sql: outboxParkingMigration('detector') },
  {
    id: '9003_single_tenant',
    sql: `
-- One deployment serves one distributor: the tenant column goes from every key and index, and
-- from the documents that carried it. Dropping a column drops the keys and indexes it was in.
ALTER TABLE order_views DROP COLUMN tenant_id, ADD PRIMARY KEY (order_id);
CREATE INDEX order_views_po_idx ON order_views (customer_id, po_number);
UPDATE order_views SET data = data - 'tenantId' WHERE data ? 'tenantId';
ALTER TABLE shipment_views DROP COLUMN tenant_id, ADD PRIMARY KEY (shipment_id);
CREATE INDEX shipment_views_order_idx ON shipment_views (order_id);
UPDATE shipment_views SET data = data - 'tenantId' WHERE data ? 'tenantId';
ALTER TABLE sku_views DROP COLUMN tenant_id, ADD PRIMARY KEY (sku);
UPDATE sku_views SET data = data - 'tenantId' WHERE data ? 'tenantId';
ALTER TABLE feed_state DROP COLUMN tenant_id, ADD PRIMARY KEY (source_system);
UPDATE feed_state SET data = data - 'tenantId' WHERE data ? 'tenantId';
ALTER TABLE order_shipped DROP COLUMN tenant_id, ADD PRIMARY KEY (order_id);
ALTER TABLE parcel_scans DROP COLUMN tenant_id, ADD PRIMARY KEY (tracking_number);
ALTER TABLE cases DROP COLUMN tenant_id;
CREATE UNIQUE INDEX cases_one_open_idx ON cases (subject_kind, subject_id, case_type)
  WHERE status IN ('open', 'in_progress', 'waiting_on_customer');
CREATE INDEX cases_customer_type_idx ON cases (customer_id, case_type, opened_at DESC);
CREATE INDEX cases_queue_idx ON cases (next_due_at, case_id);
CREATE INDEX cases_subject_idx ON cases (subject_kind, subject_id);
UPDATE cases SET data = data - 'tenantId' WHERE data ? 'tenantId';
ALTER TABLE sla_breaches DROP COLUMN tenant_id;
CREATE INDEX sla_breaches_customer_idx ON sla_breaches (customer_id, at);
ALTER TABLE timers DROP COLUMN tenant_id;
CREATE INDEX timers_kind_idx ON timers (kind) WHERE fired_at IS NULL AND cancelled_at IS NULL;
UPDATE timers SET spec = spec - 'tenantId' WHERE spec ? 'tenantId';
ALTER TABLE crm_sync DROP COLUMN tenant_id;
CREATE INDEX crm_sync_status_idx ON crm_sync (status, updated_at DESC);
UPDATE crm_sync SET payload = payload - 'tenantId' WHERE payload ? 'tenantId';
ALTER TABLE customer_notices DROP COLUMN tenant_id, ADD PRIMARY KEY (notification_id);
CREATE INDEX customer_notices_trigger_idx ON customer_notices (trigger_event_id, sent_at);
UPDATE customer_notices SET data = data - 'tenantId' WHERE data ? 'tenantId';
`,
  },
  {
    id: '9004_timer_armed_at',
    sql: `
-- When a timer was armed, on the database's wall clock: an absence timer armed after its
-- deadline (a backfilled order) waits the grace from then, since the facts that end it may be
-- in flight on another path (another feed, another service) when it is armed.
ALTER TABLE timers ADD COLUMN armed_at timestamptz NOT NULL DEFAULT now();
`,
  },
  {
    id: '9005_feed_silences_idx',
    sql: `
-- A feed's silence timers, fired ones included, are read with every batch of its messages
-- (db/views.ts): without it each read scans the whole table, and its churn (a timer armed and
-- one dropped per message) fills it with dead rows.
CREATE INDEX timers_feed_silences_idx ON timers ((spec -> 'subject'), due_at)
  WHERE kind = 'feed_stalled' AND cancelled_at IS NULL AND dead_at IS NULL;
`,
  },
];
