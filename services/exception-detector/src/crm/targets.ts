import { z } from 'zod';

const base = {
  /** Names the target in job ids, links and metrics; unique. */
  name: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  /** Per-request timeout. */
  timeoutMs: z.number().int().positive().default(10_000),
};

export const webhookTarget = z.object({
  ...base,
  kind: z.literal('webhook'),
  url: z.url(),
  secret: z.string().min(16),
});

export const salesforceTarget = z.object({
  ...base,
  kind: z.literal('salesforce'),
  /** e.g. https://acme.my.salesforce.com */
  instanceUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Salesforce's client-credentials token carries no expiry; this is the org's session timeout. */
  tokenTtlSeconds: z.number().int().positive().default(3_600),
  /** Case.Origin picklist value. */
  origin: z.string().default('Web'),
});

export const zendeskTarget = z.object({
  ...base,
  kind: z.literal('zendesk'),
  subdomain: z.string().regex(/^[a-z0-9-]+$/),
  email: z.email(),
  apiToken: z.string().min(1),
  /** Overrides https://{subdomain}.zendesk.com (a proxy, or a local test server). */
  baseUrl: z.url().optional(),
});

export const crmTarget = z.discriminatedUnion('kind', [
  webhookTarget,
  salesforceTarget,
  zendeskTarget,
]);
export type CrmTarget = z.infer<typeof crmTarget>;
export type WebhookTarget = z.infer<typeof webhookTarget>;
export type SalesforceTarget = z.infer<typeof salesforceTarget>;
export type ZendeskTarget = z.infer<typeof zendeskTarget>;

/** CRM_TARGETS: JSON array, the CRMs cases are mirrored to. */
export const crmTargets = z.array(crmTarget).superRefine((targets, ctx) => {
  const names = targets.map((t) => t.name);
  if (new Set(names).size !== names.length)
    ctx.addIssue({ code: 'custom', message: 'CRM target names repeat' });
});

/** Parses the env value (JSON text) into targets, with zod's messages on failure. */
export const crmTargetsEnv = z
  .string()
  .default('[]')
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'CRM_TARGETS must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(crmTargets);
