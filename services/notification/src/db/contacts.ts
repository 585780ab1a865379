import type pg from 'pg';
import type { Contact, ContactPreferences } from '../domain/preferences.js';

type Q = Pick<pg.ClientBase, 'query'>;

export interface ContactRecord extends Contact {
  /** Never returned by the API; only the delivery worker reads it. */
  webhookSecret?: string;
}

interface Row {
  contact_id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  preferences: ContactPreferences;
}

const opt = <K extends string>(k: K, v: string | null) => (v == null ? {} : { [k]: v });

function toContact(r: Row): ContactRecord {
  return {
    contactId: r.contact_id,
    customerId: r.customer_id,
    ...opt('name', r.name),
    ...opt('email', r.email),
    ...opt('phone', r.phone),
    ...opt('webhookUrl', r.webhook_url),
    ...opt('webhookSecret', r.webhook_secret),
    preferences: r.preferences,
  };
}

export async function contactsOf(db: Q, customerIds: readonly string[]): Promise<ContactRecord[]> {
  const { rows } = await db.query<Row>(
    'SELECT * FROM contacts WHERE customer_id = ANY($1::text[]) ORDER BY contact_id',
    [customerIds],
  );
  return rows.map(toContact);
}

export async function getContact(db: Q, contactId: string): Promise<ContactRecord | undefined> {
  const { rows } = await db.query<Row>('SELECT * FROM contacts WHERE contact_id = $1', [contactId]);
  return rows[0] && toContact(rows[0]);
}

/** Inserts or replaces a contact; a secret left out keeps the one stored. */
export async function upsertContact(db: Q, c: ContactRecord): Promise<void> {
  await db.query(
    `INSERT INTO contacts (contact_id, customer_id, name, email, phone, webhook_url, webhook_secret, preferences)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (contact_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, name = EXCLUDED.name, email = EXCLUDED.email,
       phone = EXCLUDED.phone, webhook_url = EXCLUDED.webhook_url,
       webhook_secret = COALESCE(EXCLUDED.webhook_secret, contacts.webhook_secret),
       preferences = EXCLUDED.preferences, updated_at = now()`,
    [
      c.contactId,
      c.customerId,
      c.name ?? null,
      c.email ?? null,
      c.phone ?? null,
      c.webhookUrl ?? null,
      c.webhookSecret ?? null,
      JSON.stringify(c.preferences),
    ],
  );
}

export async function deleteContact(db: Q, contactId: string): Promise<boolean> {
  const r = await db.query('DELETE FROM contacts WHERE contact_id = $1', [contactId]);
  return (r.rowCount ?? 0) > 0;
}

export async function upsertCustomer(
  db: Q,
  customerId: string,
  name: string | undefined,
): Promise<void> {
  await db.query(
    `INSERT INTO customers (customer_id, name) VALUES ($1, $2)
     ON CONFLICT (customer_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, customers.name), updated_at = now()`,
    [customerId, name ?? null],
  );
}

export async function customerNames(db: Q, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ customer_id: string; name: string | null }>(
    'SELECT customer_id, name FROM customers WHERE customer_id = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.flatMap((r) => (r.name ? [[r.customer_id, r.name] as const] : [])));
}
