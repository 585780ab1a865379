import {
  acknowledge,
  EdiError,
  receiveInterchanges,
  type MappingTables,
  type Receipt,
} from '@forewarn/edi';
import {
  errors,
  PROBLEM_CONTENT_TYPE,
  problemResponses,
  problemSchema,
  toProblem,
  type FastifyPluginAsyncZod,
} from '@forewarn/http';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '@forewarn/db';
import { uuidV7 } from '@forewarn/platform';
import {
  asDuplicate,
  duplicateKey,
  interchangeRecord,
  issueOf as issue,
  setResults,
  unreadableRecord,
  type InterchangeRecord,
} from '../domain/edi-interchange.js';
import {
  firstInterchanges,
  interchangeKey,
  saveInterchanges,
  saveUnreadable,
} from '../db/edi-interchanges.js';
import { ingest, recordRejects, statedSentAt, type IngestDeps } from '../ingest.js';
import { HMAC_DESCRIPTION, ingestResult } from './schemas.js';
import { sourceOf } from './source-auth.js';

const X12 = 'application/edi-x12';

const setResult = z.object({
  group: z.string().describe('GS-06 of the group the set came in'),
  setId: z.string().describe('ST-01: 214, 856…'),
  controlNumber: z.string().describe('ST-02'),
  status: z.enum(['accepted', 'accepted_with_errors', 'rejected']),
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
});

const ediReceipt = ingestResult
  .extend({
    acknowledgement: z
      .string()
      .describe(
        'For every functional group received, as X12: a 997 in the version of the group, or a 999 ' +
          'for a group sent under an implementation guide',
      ),
    transactionSets: z.array(setResult),
  })
  .meta({ id: 'EdiReceipt' });

const ediRefusal = problemSchema
  .extend({
    acknowledgement: z.string().optional(),
    interchangeId: z
      .string()
      .optional()
      .describe('The record of the refused transmission (GET /v1/edi/interchanges/{id})'),
  })
  .meta({ id: 'EdiRefusal' });

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Recognises repeats (an ISA-13 this sender already used, here or earlier in the transmission),
 * then acknowledges each interchange and builds its record.
 */
async function judge(
  pool: pg.Pool,
  received: readonly Receipt[],
  sourceSystem: string,
  receivedAt: Date,
  ackOf: (r: Receipt) => string,
): Promise<{ receipts: Receipt[]; records: InterchangeRecord[] }> {
  const first = await firstInterchanges(pool, received.map(duplicateKey));
  const receipts: Receipt[] = [];
  const records: InterchangeRecord[] = [];
  for (const r of received) {
    const key = interchangeKey(duplicateKey(r));
    const duplicateOf = first.get(key) ?? null;
    const receipt = duplicateOf === null ? r : asDuplicate(r);
    const id = uuidV7(receivedAt.getTime());
    if (duplicateOf === null) first.set(key, id);
    receipts.push(receipt);
    records.push(
      interchangeRecord(receipt, ackOf(receipt), { id, sourceSystem, receivedAt, duplicateOf }),
    );
  }
  return { receipts, records };
}

/** A trading partner asking for the acknowledgement itself, rather than our JSON. */
const wantsX12 = (request: FastifyRequest) =>
  /application\/edi-x12|^text\/plain/.test(request.headers.accept ?? '');

/**
 * What VAN and AS2 relays that do not name the X12 media type post a file as. The body is read as
 * text like application/edi-x12 (and kept for the source signature); what is not X12 is refused
 * by the reader, saying why.
 */
const OCTETS = 'application/octet-stream';

export const ediRoutes: FastifyPluginAsyncZod<IngestDeps & { tables: MappingTables }> = async (
  app,
  opts,
) => {
  // Registered here, not in the source scope: only this door takes untyped bytes.
  app.addContentTypeParser(OCTETS, { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    done(null, body);
  });
  app.post(
    '/v1/edi',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Submit an X12 interchange (214 carrier status, 856 ship notice); get its 997/999',
        description:
          'Send the interchange as `application/edi-x12`, `text/plain` or `application/octet-stream`. Separators are read from ISA; ' +
          'envelopes, control numbers and counts are checked. Each transaction set is taken or rejected ' +
          'on its own: the answer carries the functional acknowledgement (a 997 in the version of the ' +
          'group, a 999 for a group sent under an implementation guide such as 005010X222A1, with a ' +
          'TA1 when the interchange envelope is faulty) naming the segment (AK3/IK3) and element ' +
          '(AK4/IK4) of every problem, as X12 with `Accept: application/edi-x12`, else inside ' +
          'the JSON. A wrong group count or a missing GE/IEA trailer is reported and the sets taken, ' +
          'unless the partner is configured strict. 202 when at least one set was taken; 400 when none ' +
          'was, or the body is not X12 at all. ' +
          HMAC_DESCRIPTION,
        consumes: [X12, 'text/plain', OCTETS],
        body: z.string().min(1).describe('One X12 interchange, or several batched'),
        response: {
          202: {
            description:
              'Accepted (possibly with errors, or in part): the events and the acknowledgement',
            content: {
              'application/json': { schema: ediReceipt },
              [X12]: { schema: z.string() },
            },
          },
          ...problemResponses(403),
          400: {
            description: 'Nothing was taken: not X12, or every transaction set was rejected',
            content: {
              [PROBLEM_CONTENT_TYPE]: { schema: ediRefusal },
              [X12]: { schema: z.string() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const source = sourceOf(request);
      let receipts: Receipt[];
      try {
        // A transmission may batch several interchanges: each is received and acknowledged.
        receipts = receiveInterchanges(request.body, opts.tables, { defaultSourceSystem: source });
      } catch (err) {
        if (!(err instanceof EdiError)) throw err;
        const receivedAt = opts.now();
        const id = uuidV7(receivedAt.getTime());
        await saveUnreadable(
          opts.pool,
          unreadableRecord(err, request.body, { id, sourceSystem: source, receivedAt }),
        );
        await recordRejects(opts, source, 1);
        const problem = toProblem(
          errors.ediInvalid.with({ issues: [{ location: 'body', ...issue(err) }] })(
            `the body cannot be read: ${err.message}`,
          ),
          { instance: request.url, requestId: request.id },
        ).problem;
        return reply
          .code(400)
          .type(PROBLEM_CONTENT_TYPE)
          .send({ ...problem, interchangeId: id });
      }
      const receivedAt = opts.now();
      const judged = await judge(opts.pool, receipts, source, receivedAt, (r) =>
        acknowledge(r, opts.tables, { now: receivedAt }),
      );
      receipts = judged.receipts;
      const ack = judged.records.map((r) => r.acknowledgement).join('');
      const record = (client: Queryable) => saveInterchanges(client, judged.records);
      const sets = receipts.flatMap(setResults);
      const events = receipts.flatMap((r) => r.events);
      const rejected = sets.filter((s) => s.status === 'rejected').length;
      if (events.length === 0 && (rejected > 0 || receipts.some((r) => r.status === 'R'))) {
        await withTransaction(opts.pool, record);
        await recordRejects(opts, source, Math.max(rejected, 1));
        if (wantsX12(request))
          return reply
            .code(400)
            .type(X12)
            .serializer((s: string) => s)
            .send(ack);
        const problem = toProblem(
          errors.ediInvalid.with({
            issues: sets.flatMap((s) => s.issues).map((i) => ({ location: 'body', ...i })),
          })(
            `${rejected} of ${sets.length} transaction sets were rejected; see the acknowledgement.`,
          ),
          { instance: request.url, requestId: request.id },
        ).problem;
        return reply
          .code(400)
          .type(PROBLEM_CONTENT_TYPE)
          .send({ ...problem, acknowledgement: ack });
      }
      if (rejected > 0) await recordRejects(opts, source, rejected);
      const result = await ingest(opts, source, events, {
        locate: (i) => ['events', i],
        ...statedSentAt(request.headers),
        within: record,
      });
      if (wantsX12(request)) {
        return reply
          .code(202)
          .type(X12)
          .header('x-forewarn-accepted', String(result.accepted.length))
          .header('x-forewarn-duplicates', String(result.duplicates.length))
          .serializer((s: string) => s)
          .send(ack);
      }
      return reply.code(202).send({ ...result, acknowledgement: ack, transactionSets: sets });
    },
  );
};
