import { createLogger, createMetricsRegistry, type Logger } from '@forewarn/observability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
import { principalOf } from './auth/api-key-auth.js';
import { scopeToCustomer, type ApiKeyEntry } from './auth/principal.js';
import { defineError } from '@forewarn/platform';
import { problemResponses } from './problem.js';
import type { ReadinessCheck } from './readiness.js';

/** The real service logger (same redaction), with its output captured instead of printed. */
export interface CapturedLogs {
  logger: Logger;
  text(): string;
  lines(): Record<string, unknown>[];
}

export function captureLogger(): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger({
    name: 'http-test',
    level: 'debug',
    hooks: {
      streamWrite: (line: string) => {
        raw.push(line);
        return '';
      },
    },
  });
  return {
    logger,
    text: () => raw.join(''),
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export const keys = {
  acme: 'acme-customer-key-0001',
  globex: 'globex-customer-key-0002',
  csr: 'csr-console-key-0000003',
  lead: 'team-lead-key-000000004',
} as const;

export const apiKeyEntries: ApiKeyEntry[] = [
  { key: keys.acme, role: 'customer', customerId: 'C-ACME', name: 'acme-portal' },
  { key: keys.globex, role: 'customer', customerId: 'C-GLOBEX', name: 'globex-portal' },
  { key: keys.csr, role: 'csr', name: 'console' },
  { key: keys.lead, role: 'team_lead', name: 'console-lead' },
];

const OrderNotFound = defineError(
  'NOT_FOUND',
  'ORDER_NOT_FOUND',
  (id: string) => `No order ${id}.`,
);
const OrderClosed = defineError(
  'CONFLICT',
  'ORDER_CLOSED',
  (id: string) => `Order ${id} is closed.`,
);

export const createOrderBody = z.object({
  customerId: z.string().min(1),
  poNumber: z.string().min(3),
  lines: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().positive() })).min(1),
});

/** A feature plugin written the way services write theirs. */
export const ordersFeature: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/orders',
    {
      config: { open: 'test route without credentials' },
      schema: {
        tags: ['orders'],
        body: createOrderBody,
        querystring: z.object({ priority: z.enum(['normal', 'rush']).default('normal') }),
        response: {
          201: z.object({ orderId: z.string(), priority: z.string(), lineCount: z.number() }),
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { lines } = request.body;
      return reply
        .code(201)
        .send({ orderId: 'SO-1', priority: request.query.priority, lineCount: lines.length });
    },
  );

  app.get(
    '/orders/:orderId',
    {
      config: { open: 'test route without credentials' },
      schema: { params: z.object({ orderId: z.string() }) },
    },
    async (request) => {
      const { orderId } = request.params;
      if (orderId === 'SO-CLOSED') throw OrderClosed(orderId);
      if (orderId === 'SO-BOOM') throw new Error('connect to db://admin:hunter2@db failed');
      // Careless on purpose: the logger's redaction must catch it.
      request.log.info({ apiKey: request.headers['x-api-key'] }, 'looking up order');
      throw OrderNotFound(orderId);
    },
  );
};

/** A guarded feature: customer keys see their own cases, escalation is for team leads. */
export const casesFeature: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases',
    {
      config: { roles: ['customer', 'csr', 'team_lead'] },
      schema: {
        querystring: z.object({ customerId: z.string().optional() }),
        response: { 200: z.object({ customerFilter: z.string().nullable() }) },
      },
    },
    async (request) => ({
      customerFilter: scopeToCustomer(principalOf(request), request.query.customerId) ?? null,
    }),
  );
  app.post(
    '/cases/:caseId/escalate',
    {
      config: { roles: ['team_lead', 'ops_manager'] },
      schema: { params: z.object({ caseId: z.string() }), body: z.object({ reason: z.string() }) },
    },
    async (request) => ({ escalated: request.params.caseId, by: principalOf(request).name }),
  );
};

export async function buildTestApp(
  overrides: Partial<HttpAppOptions> & { readiness?: Record<string, ReadinessCheck> } = {},
  beforeReady: (app: HttpApp) => void = () => {},
): Promise<{ app: HttpApp; logs: CapturedLogs }> {
  const logs = captureLogger();
  let n = 0;
  const app = await buildHttpApp({
    service: 'test-service',
    version: '1.2.3',
    logger: logs.logger,
    metrics: createMetricsRegistry('test-service', { defaultMetrics: false }),
    readiness: {},
    newRequestId: () => `req-${++n}`,
    openapi: { title: 'Test API', description: 'For tests', tags: [{ name: 'orders' }] },
    security: { description: 'Issued per integration' },
    auth: { keys: apiKeyEntries },
    ...overrides,
  });
  await app.register(ordersFeature);
  await app.register(casesFeature);
  beforeReady(app);
  await app.ready();
  return { app, logs };
}
