import { readFile } from 'node:fs/promises';
import { withTransaction } from '@forewarn/db';
import type pg from 'pg';
import { z } from 'zod';
import { upsertContact, upsertCustomer } from './db/contacts.js';
import { contactBody } from './routes/schemas.js';

export const seedFileSchema = z.object({
  customers: z.array(
    z.object({
      customerId: z.string().min(1),
      name: z.string().optional(),
      contacts: z.array(contactBody.extend({ contactId: z.string().min(1) })),
    }),
  ),
});

/** Upserts the customers and contacts of a seed file; running it twice changes nothing. */
export async function loadSeedFile(pool: pg.Pool, path: string): Promise<number> {
  const seed = seedFileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  return withTransaction(pool, async (c) => {
    let n = 0;
    for (const cust of seed.customers) {
      await upsertCustomer(c, cust.customerId, cust.name);
      for (const contact of cust.contacts) {
        await upsertContact(c, { ...contact, customerId: cust.customerId });
        n += 1;
      }
    }
    return n;
  });
}
