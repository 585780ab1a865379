import { inboxSourceMigration, outboxParkingMigration, type Migration } from '@forewarn/db';
import { CONSUMER_PROGRESS_TABLE } from '@forewarn/runtime';

/**
 * events: every accepted source event (the fold's input) with what it was decided to announce.
 * tracking_links: tracking number → shipment, from ship-confirms; a carrier event whose number
 * has no link yet is an orphan, held in events until the confirm arrives.
 * parcels: the arrival-order cursor of each tracking number (see domain/intents.ts).
 * shipments: the read model, a pure fold of events. emitted: domain event ids already
 * enqueued (the outbox forgets published rows). no_scan_timers: the pending silence per shipment.
 */
export const migrations: Migration[] = [
  {
    id: '0001_shipments',
    sql: `
CREATE TABLE events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  shipment_id text,
  tracking_number text,
  occurred_at timestamptz NOT NULL,
  source_topic text NOT NULL,
  source_partition int NOT NULL,
  source_offset bigint NOT NULL,
  body jsonb NOT NULL,
  intents jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX events_shipment_idx ON events (shipment_id) WHERE shipment_id IS NOT NULL;
CREATE INDEX events_tracking_idx ON events (tracking_number) WHERE tracking_number IS NOT NULL;

CREATE TABLE tracking_links (
  tracking_number text PRIMARY KEY,
  shipment_id text NOT NULL
);
CREATE INDEX tracking_links_shipment_idx ON tracking_links (shipment_id);

CREATE TABLE parcels (
  tracking_number text PRIMARY KEY,
  cursor jsonb NOT NULL
);

CREATE TABLE shipments (
  shipment_id text PRIMARY KEY,
  order_id text,
  customer_id text,
  po_number text,
  carrier text,
  service_level text,
  tracking_numbers text[] NOT NULL DEFAULT '{}',
  status text,
  status_at timestamptz,
  exception_reason text,
  international boolean,
  shipped_at timestamptz,
  last_scan_at timestamptz,
  eta timestamptz,
  delivered_at timestamptz,
  state jsonb NOT NULL
);
CREATE INDEX shipments_order_idx ON shipments (order_id, shipment_id);
CREATE INDEX shipments_po_idx ON shipments (po_number, shipment_id);
CREATE INDEX shipments_customer_idx ON shipments (customer_id, shipment_id);
CREATE INDEX shipments_tracking_idx ON shipments USING gin (tracking_numbers);

CREATE TABLE emitted (
  event_id uuid PRIMARY KEY,
  type text NOT NULL,
  shipment_id text NOT NULL
);

CREATE TABLE no_scan_timers (
  shipment_id text PRIMARY KEY,
  silent_since timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  threshold_hours int NOT NULL,
  fired_at timestamptz
);
CREATE INDEX no_scan_timers_due_idx ON no_scan_timers (due_at) WHERE fired_at IS NULL;
`,
  },
  {
    // order_facts: the order service's facts about each order (customer, tier, promise) as its
    // domain.orders events published them; copied onto every shipment event (domain/order-facts.ts).
    id: '0002_order_facts',
    sql: `
CREATE TABLE order_facts (
  order_id text PRIMARY KEY,
  facts jsonb NOT NULL,
  as_of timestamptz NOT NULL,
  as_of_event_id text NOT NULL
);
`,
  },
  {
    // awaiting_order_facts: shipment events held until the order service's facts about their
    // order arrive (or a deadline passes), so none goes out without its customer and tier.
    id: '0003_awaiting_order_facts',
    sql: `
CREATE TABLE awaiting_order_facts (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  order_id text NOT NULL,
  event jsonb NOT NULL,
  held_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX awaiting_order_facts_order_idx ON awaiting_order_facts (order_id);
`,
  },
  // The inbox keyed on (source system, event id); the outbox parks what it cannot publish.
  { id: '9001_inbox_source', sql: inboxSourceMigration('shipments') },
  { id: '9002_outbox_parking', sql: outboxParkingMigration('shipments') },
  // How far the ingest consumer has applied each source partition (the source watermark, shared
  // with the exception-detector): no-scan timers fire only once it has read past their due time.
  { id: '9003_consumer_progress', sql: CONSUMER_PROGRESS_TABLE },
];
