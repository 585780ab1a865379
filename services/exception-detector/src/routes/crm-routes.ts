import { errors, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import type pg from 'pg';
import { z } from 'zod';
import { listCrmJobs, redriveCrmJob } from '../db/crm-sync.js';

export interface CrmRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
}

const jobSchema = z.object({
  jobId: z.string(),
  caseId: z.string(),
  caseVersion: z.number().int(),
  target: z.string(),
  status: z.enum(['pending', 'done', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  crmId: z.string().nullable(),
  updatedAt: z.string(),
});

/** CRM sync jobs for operations: the dead letter (status=dead), and re-driving a dead job. */
export const crmRoutes: FastifyPluginAsyncZod<CrmRoutesOptions> = async (app, opts) => {
  app.get(
    '/v1/crm-sync',
    {
      config: { roles: ['team_lead', 'ops_manager', 'executive'] },
      schema: {
        tags: ['crm'],
        summary: 'CRM sync jobs, newest change first; status=dead is the dead letter',
        querystring: z.object({
          status: z.enum(['pending', 'done', 'dead']).optional(),
          caseId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(jobSchema) }), ...problemResponses(400) },
      },
    },
    async (req) => ({
      items: await listCrmJobs(opts.pool, {
        limit: req.query.limit,
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.caseId ? { caseId: req.query.caseId } : {}),
      }),
    }),
  );

  app.post(
    '/v1/crm-sync/:jobId/redrive',
    {
      config: { roles: ['ops_manager', 'executive'] },
      schema: {
        tags: ['crm'],
        summary: 'Sends a dead CRM sync job again, with a fresh attempt budget',
        params: z.object({ jobId: z.string().min(1) }),
        response: { 202: z.object({ jobId: z.string() }), ...problemResponses(404) },
      },
    },
    async (req, reply) => {
      if (!(await redriveCrmJob(opts.pool, req.params.jobId, opts.now())))
        throw errors.crmJobNotDead(req.params.jobId);
      return reply.code(202).send({ jobId: req.params.jobId });
    },
  );
};
