import { inboxSourceMigration, outboxParkingMigration, type Migration } from '@forewarn/db';

/** The order service's tables in its own schema; add new migrations at the end only. */
export const migrations: Migration[] = [
  {
    id: '0001_order_events',
    sql: `
-- Every accepted source event, once: the order's state is a fold over these rows.
CREATE TABLE order_events (
  source_system text NOT NULL,
  event_id text NOT NULL,
  order_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- json, not jsonb: stored and read back whole, so skip jsonb's parse on the hot path.
  event json NOT NULL,
  PRIMARY KEY (source_system, event_id)
);
CREATE INDEX order_events_order_idx ON order_events (order_id, occurred_at, event_id);
`,
  },
  {
    id: '0002_read_model',
    sql: `
CREATE TABLE orders (
  order_id text PRIMARY KEY,
  customer_id text NOT NULL,
  customer_name text,
  customer_tier text NOT NULL,
  account_rep_id text,
  po_number text NOT NULL,
  ship_to jsonb NOT NULL,
  currency text NOT NULL,
  order_value_minor bigint NOT NULL,
  status text NOT NULL,
  ordered_at timestamptz,
  requested_ship_date date,
  promised_ship_date date NOT NULL,
  promised_delivery_date date NOT NULL,
  region text,
  timezone text,
  cancelled_at timestamptz,
  cancel_reason text,
  shipment_ids text[] NOT NULL,
  invoices jsonb NOT NULL,
  returns jsonb NOT NULL,
  last_event_at timestamptz,
  event_count int NOT NULL
);
CREATE INDEX orders_po_idx ON orders (po_number);
CREATE INDEX orders_customer_idx ON orders (customer_id, promised_delivery_date, order_id);

CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders ON DELETE CASCADE,
  line_no int NOT NULL,
  sku text NOT NULL,
  description text,
  critical boolean NOT NULL,
  unit_price_minor bigint NOT NULL,
  currency text NOT NULL,
  ordered_qty int NOT NULL,
  allocated_qty int NOT NULL,
  backordered_qty int NOT NULL,
  expected_available_date date,
  picked_qty int NOT NULL,
  short_qty int NOT NULL,
  short_reason text,
  shipped_qty int NOT NULL,
  delivered_qty int NOT NULL,
  invoiced_qty int NOT NULL,
  returned_qty int NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_holds (
  order_id text NOT NULL REFERENCES orders ON DELETE CASCADE,
  hold_no int NOT NULL,
  kind text NOT NULL,
  reason text,
  placed_at timestamptz NOT NULL,
  released_at timestamptz,
  note text,
  PRIMARY KEY (order_id, hold_no)
);

CREATE TABLE order_status_history (
  order_id text NOT NULL REFERENCES orders ON DELETE CASCADE,
  seq int NOT NULL,
  status text NOT NULL,
  previous_status text,
  at timestamptz NOT NULL,
  cause_event_id text NOT NULL,
  cause_source_system text NOT NULL,
  PRIMARY KEY (order_id, seq)
);

-- Ids of the domain events already handed to the outbox (the outbox itself is pruned).
CREATE TABLE order_emissions (
  event_id uuid PRIMARY KEY,
  order_id text NOT NULL,
  type text NOT NULL,
  cause_event_id text NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX order_emissions_order_idx ON order_emissions (order_id);
`,
  },
  {
    id: '0003_order_state',
    sql: `
-- Where each order's fold stands (facts, status history, last event's sort key), so a batch
-- whose events all come after it folds on instead of refolding every stored event.
CREATE TABLE order_state (
  order_id text PRIMARY KEY,
  state json NOT NULL
);
-- Rewritten on every batch that touches the order: not worth compressing.
ALTER TABLE order_state ALTER COLUMN state SET STORAGE EXTERNAL;
`,
  },
  // The inbox keyed on (source system, event id); the outbox parks what it cannot publish.
  { id: '9001_inbox_source', sql: inboxSourceMigration('orders', { legacySeparator: '/' }) },
  { id: '9002_outbox_parking', sql: outboxParkingMigration('orders') },
  {
    id: '0004_purchase_orders',
    sql: `
-- ERP purchasing events (purchase orders to suppliers), each once: a purchase order is a fold
-- over its rows, and supplier scorecards are computed from the folded purchase orders.
CREATE TABLE purchasing_events (
  source_system text NOT NULL,
  event_id text NOT NULL,
  po_number text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  event json NOT NULL,
  PRIMARY KEY (source_system, event_id)
);
CREATE INDEX purchasing_events_po_idx ON purchasing_events (po_number);

-- The folded purchase order; issued_at and due_date are null until its issue event arrives.
CREATE TABLE purchase_orders (
  po_number text PRIMARY KEY,
  supplier_id text NOT NULL,
  supplier_name text,
  issued_at timestamptz,
  due_date date,
  purchase_order jsonb NOT NULL,
  event_count int NOT NULL
);
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id, issued_at);
CREATE INDEX purchase_orders_issued_idx ON purchase_orders (issued_at);
`,
  },
  {
    id: '0005_order_site_carriers',
    sql: `
-- The site (warehouse) fulfilling each order and the carriers of its shipments, for the KPIs'
-- site and carrier filters. Orders already stored take them from their stored events, as the
-- fold does: the latest WMS event's warehouseId, every carrier a shipment event named.
ALTER TABLE orders ADD COLUMN site_id text, ADD COLUMN carriers text[] NOT NULL DEFAULT '{}';
UPDATE orders o SET site_id = w.site
  FROM (SELECT DISTINCT ON (order_id) order_id, event -> 'payload' ->> 'warehouseId' AS site
          FROM order_events
         WHERE type LIKE 'wms.%' AND event -> 'payload' ->> 'warehouseId' IS NOT NULL
         ORDER BY order_id, occurred_at DESC, event_id DESC) w
 WHERE w.order_id = o.order_id;
UPDATE orders o SET carriers = c.carriers
  FROM (SELECT order_id, array_agg(DISTINCT event -> 'payload' ->> 'carrier') AS carriers
          FROM order_events
         WHERE (type = 'wms.shipment.confirmed' OR type LIKE 'shipment.%')
           AND coalesce(event -> 'payload' ->> 'carrier', '') <> ''
         GROUP BY order_id) c
 WHERE c.order_id = o.order_id;
CREATE INDEX orders_site_idx ON orders (site_id);
CREATE INDEX orders_carriers_idx ON orders USING gin (carriers);
-- Fold states saved before the site existed lack it: each order refolds from its events once.
DELETE FROM order_state;
`,
  },
];
