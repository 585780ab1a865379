import {
  errors,
  principalOf,
  problemResponses,
  type FastifyPluginAsyncZod,
  type Role,
} from '@forewarn/http';
import { cursorCodec, cursorParts } from '@forewarn/platform';
import type pg from 'pg';
import { z } from 'zod';
import { listInterchanges, readInterchange, type InterchangeRow } from '../db/edi-interchanges.js';

/**
 * Who reads interchanges: team leads and operations (the console's integration page), and a
 * source key its own source system's only.
 */
const READERS: Role[] = ['team_lead', 'ops_manager', 'admin', 'source'];

const GROUP_STATUSES = [
  'accepted',
  'accepted_with_errors',
  'partially_accepted',
  'rejected',
] as const;
const STATUSES = [...GROUP_STATUSES, 'unreadable'] as const;

const party = z.object({ qualifier: z.string(), id: z.string() }).nullable();
const issue = z.object({ path: z.string(), code: z.string(), message: z.string() });

const Interchange = z
  .object({
    id: z.string(),
    sourceSystem: z.string().describe('The authenticated caller that sent it'),
    sender: party.describe('ISA-05/06; null when the body could not be read'),
    receiver: party.describe('ISA-07/08; null when the body could not be read'),
    controlNumber: z.string().nullable().describe('ISA-13'),
    version: z.string().nullable().describe('ISA-12'),
    groups: z.array(
      z.object({
        functionalId: z.string(),
        controlNumber: z.string().describe('GS-06'),
        version: z.string().describe('GS-08'),
        status: z.enum(GROUP_STATUSES),
      }),
    ),
    transactionSets: z.array(
      z.object({
        group: z.string(),
        setId: z.string(),
        controlNumber: z.string().describe('ST-02'),
        status: z.enum(['accepted', 'accepted_with_errors', 'rejected']),
        issues: z.array(issue),
      }),
    ),
    status: z
      .enum(STATUSES)
      .describe('The worst of its TA1 and AK9 verdicts; unreadable when it was not X12 at all'),
    refusal: issue
      .nullable()
      .describe('Why an unreadable transmission could not be read (the 400 it was answered with)'),
    duplicateOf: z
      .string()
      .nullable()
      .describe('The first interchange with the same sender and ISA-13, when this repeats it'),
    acknowledgementType: z.string().describe('997, 999 or 997+999: what went back'),
    receivedAt: z.string(),
  })
  .meta({ id: 'EdiInterchange' });

const InterchangeDetail = Interchange.extend({
  acknowledgement: z
    .string()
    .describe('The acknowledgement returned, as X12; empty when the body could not be read'),
  excerpt: z
    .string()
    .nullable()
    .describe('The first 200 characters of an unreadable body, control characters escaped'),
  sizeBytes: z.number().int().nullable().describe('The size of an unreadable body'),
}).meta({ id: 'EdiInterchangeDetail' });

const ackType = (ack: string) =>
  (['997', '999'] as const).filter((t) => new RegExp(`(^|~\\s*)ST\\*${t}\\*`).test(ack)).join('+');

const partyOf = (qualifier: string | null, id: string | null) =>
  qualifier === null || id === null ? null : { qualifier, id };

const view = (r: InterchangeRow): z.infer<typeof Interchange> => ({
  id: r.id,
  sourceSystem: r.source_system,
  sender: partyOf(r.sender_qualifier, r.sender_id),
  receiver: partyOf(r.receiver_qualifier, r.receiver_id),
  controlNumber: r.control_number,
  version: r.version,
  groups: r.groups,
  transactionSets: r.transaction_sets,
  status: r.status,
  refusal: r.refusal,
  duplicateOf: r.duplicate_of,
  acknowledgementType: ackType(r.acknowledgement),
  receivedAt: r.received_at.toISOString(),
});

/** A page's position: the (receivedAt, id) of its last row. */
const interchangeCursor = cursorCodec(cursorParts.instant, cursorParts.uuid);

/**
 * The interchanges POST /v1/edi received: sender, control numbers, each set's fate and the
 * acknowledgement that went back, so an integration team can answer "did our 856 arrive?".
 */
export const ediInterchangeRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, opts) => {
  app.get(
    '/v1/edi/interchanges',
    {
      config: { roles: READERS },
      schema: {
        tags: ['ingestion'],
        summary:
          'X12 interchanges received, newest first, unreadable bodies included (a source key sees its own only)',
        querystring: z.object({
          sender: z.string().min(1).max(15).optional().describe('ISA-06, without padding'),
          status: z.enum(STATUSES).optional(),
          since: z.iso.datetime({ offset: true }).optional().describe('Received at or after'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().min(1).max(300).optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(Interchange), nextCursor: z.string().nullable() }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = principalOf(request);
      const after = interchangeCursor.decode(q.cursor);
      const rows = await listInterchanges(opts.pool, {
        ...(principal.role === 'source' ? { sourceSystem: principal.sourceSystem ?? '' } : {}),
        ...(q.sender === undefined ? {} : { sender: q.sender }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.since === undefined ? {} : { since: new Date(q.since) }),
        ...(after ? { after: { receivedAt: after[0], id: after[1] } } : {}),
        limit: q.limit,
      });
      const { items, nextCursor } = interchangeCursor.page(rows, q.limit, (last) => [
        last.received_at.toISOString(),
        last.id,
      ]);
      return { items: items.map(view), nextCursor };
    },
  );

  app.get(
    '/v1/edi/interchanges/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['ingestion'],
        summary: 'One X12 interchange with the acknowledgement returned for it',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: InterchangeDetail, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const principal = principalOf(request);
      const row = z.uuid().safeParse(id).success ? await readInterchange(opts.pool, id) : undefined;
      if (!row || (principal.role === 'source' && row.source_system !== principal.sourceSystem))
        throw errors.ediInterchangeUnknown(id);
      return {
        ...view(row),
        acknowledgement: row.acknowledgement,
        excerpt: row.excerpt,
        sizeBytes: row.size_bytes,
      };
    },
  );
};
