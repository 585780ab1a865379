import {
  readDlq,
  redriveMessage,
  settleDlqEntries,
  dlqTopicOf,
  type DlqEntry,
} from '@forewarn/cli';
import { errors, principalOf, problemResponses, type FastifyPluginAsyncZod } from '@forewarn/http';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';

/** Who may look at dead letters, and who may replay or discard them (they change what services see). */
const READERS = ['team_lead', 'ops_manager', 'admin'] as const;
const SETTLERS = ['ops_manager', 'admin'] as const;

const Marker = z.object({
  at: z.string(),
  toTopic: z.string().nullable(),
  fixed: z.boolean(),
  discarded: z.boolean().optional(),
  by: z.string().optional(),
});

const Entry = z
  .object({
    id: z.string().describe('partition:offset in the dead-letter topic'),
    reason: z.string().nullable(),
    error: z.string().nullable(),
    source: z.object({
      topic: z.string().nullable(),
      partition: z.string().nullable(),
      offset: z.string().nullable(),
    }),
    failedAt: z.string().nullable(),
    eventId: z.string().nullable(),
    payload: z.object({
      format: z.enum(['avro', 'json', 'text', 'base64', 'empty']),
      value: z.unknown(),
    }),
    settled: Marker.nullable().describe('Re-driven (toTopic) or discarded, when and by whom'),
  })
  .meta({ id: 'DeadLetter' });

const groupParams = z.object({ group: z.string().min(1).max(200) });
const entryParams = groupParams.extend({
  entryId: z.string().regex(/^\d+:\d+$/, 'partition:offset'),
});

const view = (e: DlqEntry): z.infer<typeof Entry> => ({
  id: e.id,
  reason: e.reason ?? null,
  error: e.error ?? null,
  source: {
    topic: e.source.topic ?? null,
    partition: e.source.partition ?? null,
    offset: e.source.offset ?? null,
  },
  failedAt: e.failedAt ?? null,
  eventId: e.eventId ?? null,
  payload: e.payload,
  settled: e.redriven ?? null,
});

/**
 * The dead-letter queues of the consumer groups ingestion watches (FEED_DLQ_GROUPS), over HTTP:
 * the same listing, re-drive and marker topic as `forewarn dlq`, so the console and the CLI see
 * and settle the same entries once. Replay copies the original bytes back to the entry's topic;
 * discard only marks it. Both record who did it in the marker and the log.
 */
export const deadLetterRoutes: FastifyPluginAsyncZod<{
  kafka: Kafka;
  /** KAFKA_TOPIC_PREFIX (not `prefix`, which fastify would take for a route prefix). */
  topicPrefix: string;
  groups: readonly string[];
}> = async (app, opts) => {
  const known = (group: string) => {
    if (!opts.groups.includes(group)) throw errors.dlqGroupUnknown(group);
  };

  app.get(
    '/v1/dead-letters',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['dead letters'],
        summary: 'Every watched consumer group with its dead letters, newest first',
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                group: z.string(),
                topic: z.string(),
                entries: z.array(Entry),
                unsettled: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      groups: await Promise.all(
        opts.groups.map(async (group) => {
          const entries = (await readDlq(opts.kafka, opts.topicPrefix, group)).map(view).reverse();
          return {
            group,
            topic: dlqTopicOf(opts.topicPrefix, group),
            entries,
            unsettled: entries.filter((e) => !e.settled).length,
          };
        }),
      ),
    }),
  );

  for (const action of ['replay', 'discard'] as const) {
    app.post(
      `/v1/dead-letters/:group/:entryId/${action}`,
      {
        config: { roles: [...SETTLERS] },
        schema: {
          tags: ['dead letters'],
          summary:
            action === 'replay'
              ? 'Re-drive a dead letter to its topic, as it was (once)'
              : 'Mark a dead letter as dealt with, without re-driving it',
          params: entryParams,
          response: { 200: Entry, ...problemResponses(404, 409) },
        },
      },
      async (req) => {
        const { group, entryId } = req.params;
        known(group);
        const entry = (await readDlq(opts.kafka, opts.topicPrefix, group)).find(
          (e) => e.id === entryId,
        );
        if (!entry) throw errors.deadLetterUnknown(entryId, group);
        if (entry.redriven)
          throw errors.deadLetterSettled(
            entryId,
            entry.redriven.discarded ? 'discarded' : 're-driven',
            entry.redriven.at,
          );
        const topic = entry.source.topic;
        if (action === 'replay' && !topic) throw errors.deadLetterNoSource(entryId);
        const who = principalOf(req);
        const by = `${who.name ?? '(unnamed key)'} (${who.role})`;
        const [marker] = await settleDlqEntries(
          opts.kafka,
          opts.topicPrefix,
          group,
          [
            action === 'replay'
              ? {
                  entry,
                  redrive: {
                    topic: topic!,
                    message: redriveMessage(entry, dlqTopicOf(opts.topicPrefix, group)),
                    fixed: false,
                  },
                }
              : { entry },
          ],
          by,
        );
        req.log.info(
          { audit: true, action, group, entryId, by, eventId: entry.eventId },
          `dead letter ${action}`,
        );
        return view({ ...entry, redriven: marker });
      },
    );
  }
};
