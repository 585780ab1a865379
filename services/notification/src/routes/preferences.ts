import {
  canSeeCustomer,
  principalOf,
  problemResponses,
  scopeToCustomer,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import {
  contactsOf,
  deleteContact,
  getContact,
  upsertContact,
  type ContactRecord,
} from '../db/contacts.js';
import { resolveTarget, UnsafeTarget, type AllowRule } from '../channels/outbound-guard.js';
import { TIER_DEFAULTS } from '../domain/preferences.js';
import { ContactCustomerChange, ContactNotFound, UnsafeWebhookUrl } from './errors.js';
import { contactBody, contactView } from './schemas.js';

const toView = ({ webhookSecret, ...c }: ContactRecord): z.infer<typeof contactView> => ({
  ...c,
  hasWebhookSecret: !!webhookSecret,
});

/** Contacts hold personal data: customers (their own), customer service and admins; no source. */
const readers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'executive', 'admin'];
const writers: Role[] = ['customer', 'csr', 'team_lead', 'ops_manager', 'admin'];

/** The same check the webhook channel makes before each send, at registration: fail early. */
async function checkWebhookUrl(raw: string | undefined, allow: readonly AllowRule[]) {
  if (raw === undefined) return;
  await resolveTarget(new URL(raw), allow).catch((err: unknown) => {
    // A DNS server that did not answer now is no verdict: each send checks again anyway.
    if (err instanceof UnsafeTarget) throw UnsafeWebhookUrl(err.message);
  });
}

/** Contacts and their preferences; customer keys manage only their own contacts. */
export function preferencesRoutes(
  pool: pg.Pool,
  webhookAllow: readonly AllowRule[],
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['preferences'];

    app.get(
      '/v1/preferences/defaults',
      {
        config: { roles: readers },
        schema: {
          tags,
          summary: 'Defaults per customer tier',
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async () => TIER_DEFAULTS,
    );

    app.get(
      '/v1/customers/:customerId/contacts',
      {
        config: { roles: readers },
        schema: {
          tags,
          params: z.object({ customerId: z.string() }),
          response: { 200: z.object({ contacts: z.array(contactView) }), ...problemResponses(404) },
        },
      },
      async (req) => {
        const customerId = scopeToCustomer(principalOf(req), req.params.customerId)!;
        return { contacts: (await contactsOf(pool, [customerId])).map(toView) };
      },
    );

    app.get(
      '/v1/contacts/:contactId',
      {
        config: { roles: readers },
        schema: {
          tags,
          params: z.object({ contactId: z.string() }),
          response: { 200: contactView, ...problemResponses(404) },
        },
      },
      async (req) => {
        const c = await getContact(pool, req.params.contactId);
        // Another customer's contact is "not found", not "forbidden": ids are not disclosed.
        if (!c || !canSeeCustomer(principalOf(req), c.customerId))
          throw ContactNotFound(req.params.contactId);
        return toView(c);
      },
    );

    app.put(
      '/v1/contacts/:contactId',
      {
        config: { roles: writers },
        schema: {
          tags,
          summary: 'Create or replace a contact and its preferences',
          params: z.object({ contactId: z.string().min(1).max(100) }),
          body: contactBody.extend({ customerId: z.string().min(1) }),
          response: { 200: contactView, ...problemResponses(400, 404, 409) },
        },
      },
      async (req) => {
        const principal = principalOf(req);
        const customerId = scopeToCustomer(principal, req.body.customerId)!;
        const existing = await getContact(pool, req.params.contactId);
        // Another customer's contact id is "not found" to a customer key, as on GET and DELETE:
        // a conflict would tell it the id is taken. Staff moving a contact get the conflict.
        if (existing && !canSeeCustomer(principal, existing.customerId))
          throw ContactNotFound(req.params.contactId);
        if (existing && existing.customerId !== customerId) throw ContactCustomerChange();
        await checkWebhookUrl(req.body.webhookUrl, webhookAllow);
        await upsertContact(pool, { ...req.body, customerId, contactId: req.params.contactId });
        return toView((await getContact(pool, req.params.contactId))!);
      },
    );

    app.delete(
      '/v1/contacts/:contactId',
      {
        config: { roles: writers },
        schema: {
          tags,
          params: z.object({ contactId: z.string() }),
          response: { 204: z.null(), ...problemResponses(404) },
        },
      },
      async (req, reply) => {
        const c = await getContact(pool, req.params.contactId);
        if (!c || !canSeeCustomer(principalOf(req), c.customerId))
          throw ContactNotFound(req.params.contactId);
        await deleteContact(pool, c.contactId);
        return reply.code(204).send(null);
      },
    );
  };
}
