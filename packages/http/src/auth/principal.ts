import { z } from 'zod';
import { errors } from '@forewarn/platform';

export const roles = [
  'customer',
  'csr',
  'team_lead',
  'ops_manager',
  'executive',
  'admin',
  'source',
] as const;

export type Role = (typeof roles)[number];

/** Who is calling, as decided by the API key they presented. Never contains the key. */
export interface Principal {
  role: Role;
  /** Set for customer keys: the only customer whose data the key may see. */
  customerId?: string;
  /** Set for source keys: the ERP, WMS or carrier integration allowed to publish. */
  sourceSystem?: string;
  /** Label for audit logs ("acme-portal", "wms-east"). */
  name?: string;
}

/** A customer principal carries its customer; anyone else sees every customer. */
export function canSeeCustomer(principal: Principal, customerId: string): boolean {
  if (principal.role !== 'customer') return true;
  // A customer key without a customer is a configuration mistake: fail closed.
  return principal.customerId !== undefined && principal.customerId === customerId;
}

/**
 * The customer filter a query must apply for this principal: the requested customer, or
 * `undefined` meaning "all customers" (staff only). A customer key that asks for nothing gets its
 * own customer; one that names another customer (in a path, a query filter or a body) gets
 * NOT_FOUND, like an id that does not exist, so customer ids cannot be probed. A customer key
 * without a customer is a configuration mistake and gets FORBIDDEN.
 */
export function scopeToCustomer(principal: Principal, customerId?: string): string | undefined {
  if (principal.role !== 'customer') return customerId;
  const own = principal.customerId;
  if (own === undefined) throw errors.customerOutOfScope();
  if (customerId !== undefined && customerId !== own) throw errors.customerNotFound(customerId);
  return own;
}

const apiKeyEntrySchema = z
  .object({
    key: z.string().min(16, 'API keys must be at least 16 characters'),
    role: z.enum(roles),
    customerId: z.string().min(1).optional(),
    sourceSystem: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
  })
  .refine((e) => e.role !== 'customer' || e.customerId !== undefined, {
    message: 'customer keys need a customerId',
    path: ['customerId'],
  })
  .refine((e) => e.role !== 'source' || e.sourceSystem !== undefined, {
    message: 'source keys need a sourceSystem',
    path: ['sourceSystem'],
  });

export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;

export const apiKeyEntriesSchema = z
  .array(apiKeyEntrySchema)
  .refine((entries) => new Set(entries.map((e) => e.key)).size === entries.length, {
    message: 'the same API key is listed twice',
  });

/**
 * Config field for a JSON list of keys, for a service's env schema, e.g.
 * API_KEYS='[{"key":"…","role":"customer","customerId":"C-100","name":"acme-portal"}]'.
 */
export const apiKeysFromJson = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of API key entries' });
      return z.NEVER;
    }
  })
  .pipe(apiKeyEntriesSchema);
